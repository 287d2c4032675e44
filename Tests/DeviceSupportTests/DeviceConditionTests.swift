import DeviceSupport
import Testing

/// The state machine every driver keeps, as the technician reads it off the device list.
struct DeviceConditionTests {
    enum TestError: DeviceError {
        case device(DeviceFault)
        case refused

        var fault: DeviceFault? { if case .device(let fault) = self { fault } else { nil } }
        var code: String { fault?.code ?? "refused" }
        var description: String { fault?.description(for: "test device") ?? "the device refused" }
    }

    @Test func aReconnectClearsTheLastError() {
        var condition = DeviceCondition()
        #expect(condition.state == .absent && condition.lastError == nil, "nothing known before the first look")
        #expect(condition.reached() == .reconnected)
        #expect(condition.failed(TestError.notConnected("/dev/usb/lp0")) == .lost)
        #expect(condition.state == .absent && condition.lastError == "no test device at /dev/usb/lp0 (unplugged, switched off, or a wrong path in the devices file)")
        #expect(condition.reached() == .reconnected)
        #expect(condition.state == .ready && condition.lastError == nil, "no old error next to a device that is back")
    }

    @Test func thereButFailingIsFailedWithTheErrorNotAbsent() {
        var condition = DeviceCondition()
        condition.failed(TestError.permissionDenied("/dev/hidraw0"))
        #expect(condition.state == .failed(code: "permission_denied", message: TestError.permissionDenied("/dev/hidraw0").description))
        #expect(condition.state.name == "failed" && condition.state.reason?.contains("udev/60-onevisit.rules") == true)
    }

    @Test func degradedAndBusyKeepTheDeviceReached() {
        var condition = DeviceCondition()
        condition.reached(degraded: "paper near its end")
        #expect(condition.state == .degraded(reason: "paper near its end") && condition.isReached)
        condition.working()
        #expect(condition.state == .busy)
        #expect(condition.reached() == .changed && condition.state == .ready)
        condition.note(TestError.refused)
        #expect(condition.isReached && condition.lastError == "the device refused", "an error of the job leaves the device reached")
    }

    @Test func backoffDoublesUpToItsMaximumAndStartsOverOnceOpen() {
        var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(3))
        #expect((0..<5).map { _ in backoff.next() } == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3)])
        backoff.reset()
        #expect(backoff.next() == .milliseconds(500))
    }

    @Test func aNudgeBeforeTheWaitIsNotLost() async {
        let wakeup = DeviceWakeup()
        wakeup.nudge()
        // Returns at once: the nudge came while nobody waited (a uevent between two waits).
        await wakeup.sleep(for: .seconds(3600))
        let waiting = Task { await wakeup.sleep(for: .seconds(3600)) }
        wakeup.nudge()
        await waiting.value
    }

    @Test func errnoIsWordedOnceForEveryKind() {
        #expect(DeviceFault.opening("/dev/ttyUSB0", errno: 2) == .notConnected("/dev/ttyUSB0"))
        #expect(DeviceFault.opening("/dev/ttyUSB0", errno: 13) == .permissionDenied("/dev/ttyUSB0"))
        #expect(DeviceFault.using("/dev/usb/lp0", errno: 5, doing: "writing").meansAbsent, "EIO: the cable was pulled")
        #expect(DeviceFault.busy("x").code == "busy" && DeviceFault.io("x").code == "transport_error")
    }
}
