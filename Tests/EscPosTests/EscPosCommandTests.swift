import EscPos
import Testing

/// Golden byte sequences, one per command (devices.md B.1, python-escpos constants).
@Suite("ESC/POS command bytes", .timeLimit(.minutes(5)))
struct EscPosCommandTests {
    @Test func basicCommands() {
        #expect(EscPosCommand.initialize == [0x1B, 0x40])
        #expect(EscPosCommand.align(.left) == [0x1B, 0x61, 0x00])
        #expect(EscPosCommand.align(.center) == [0x1B, 0x61, 0x01])
        #expect(EscPosCommand.align(.right) == [0x1B, 0x61, 0x02])
        #expect(EscPosCommand.bold(true) == [0x1B, 0x45, 0x01])
        #expect(EscPosCommand.bold(false) == [0x1B, 0x45, 0x00])
        #expect(EscPosCommand.characterSize(width: 2, height: 2) == [0x1D, 0x21, 0x11])
        #expect(EscPosCommand.characterSize(width: 3, height: 3) == [0x1D, 0x21, 0x22])
        #expect(EscPosCommand.characterSize(width: 1, height: 2) == [0x1D, 0x21, 0x01])
        #expect(EscPosCommand.characterSize(width: 9, height: 0) == [0x1D, 0x21, 0x70], "clamped to 8×1")
        #expect(EscPosCommand.printMode(0x30) == [0x1B, 0x21, 0x30])
        #expect(EscPosCommand.feed(lines: 3) == [0x1B, 0x64, 0x03])
        #expect(EscPosCommand.chineseModeOn == [0x1C, 0x26])
        #expect(EscPosCommand.chineseModeOff == [0x1C, 0x2E])
        #expect(EscPosCommand.cut(partial: false) == [0x1D, 0x56, 0x00])
        #expect(EscPosCommand.cut(partial: true) == [0x1D, 0x56, 0x01])
    }

    @Test func qrCodeFiveSteps() {
        #expect(EscPosCommand.qrModel2 == [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])
        #expect(EscPosCommand.qrModuleSize(6) == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06])
        #expect(EscPosCommand.qrErrorCorrection(.medium) == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31])
        #expect(EscPosCommand.qrStore(Array("AB".utf8)) == [0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42])
        let long = [UInt8](repeating: 0x41, count: 300)
        #expect(Array(EscPosCommand.qrStore(long).prefix(5)) == [0x1D, 0x28, 0x6B, 0x2F, 0x01], "pL pH = 303 little-endian")
        #expect(EscPosCommand.qrPrint == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30])
    }

    @Test func barcodeRasterAndStatus() {
        #expect(EscPosCommand.barcodeHeight(80) == [0x1D, 0x68, 80])
        #expect(EscPosCommand.barcodeModuleWidth(2) == [0x1D, 0x77, 2])
        #expect(EscPosCommand.barcodeTextBelow == [0x1D, 0x48, 0x02])
        #expect(EscPosCommand.code128(Array("A12".utf8)) == [0x1D, 0x6B, 0x49, 0x05, 0x7B, 0x42, 0x41, 0x31, 0x32])
        var image = Raster(width: 9, height: 2)
        image[0, 0] = true
        image[8, 1] = true
        #expect(EscPosCommand.rasterImage(image) == [0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x80])
        #expect(EscPosCommand.statusRequest(.printer) == [0x10, 0x04, 0x01])
        #expect(EscPosCommand.statusRequest(.paper) == [0x10, 0x04, 0x04])
    }
}

@Suite("DLE EOT status replies", .timeLimit(.minutes(5)))
struct PrinterStatusTests {
    @Test func paperReplies() {
        var status = PrinterStatus()
        let accepted0x12 = status.apply(0x12, for: .paper)
        #expect(accepted0x12)
        #expect(status == .ready)
        let accepted0x1E = status.apply(0x1E, for: .paper)
        #expect(accepted0x1E)
        #expect(status.paperNearEnd && !status.paperOut && status.canPrint)
        let accepted0x72 = status.apply(0x72, for: .paper)
        #expect(accepted0x72)
        #expect(status.paperOut && !status.canPrint)
        #expect(status.problem == "paper out")
    }

    @Test func printerOfflineCauseAndErrors() {
        var status = PrinterStatus()
        status.apply(0x1A, for: .printer)
        #expect(!status.online)
        status.apply(0x16, for: .offlineCause)
        #expect(status.coverOpen)
        status.apply(0x1A, for: .errorCause)
        #expect(status.cutterError)
        #expect(status.problem == "cover open")
    }

    @Test func bytesThatAreNotStatusRepliesAreRefused() {
        var status = PrinterStatus()
        for byte: UInt8 in [0x00, 0xFF, 0x41, 0x92, 0x13] {
            let accepted = status.apply(byte, for: .paper)
            #expect(!accepted, "0x\(String(byte, radix: 16))")
        }
        #expect(status == .ready)
    }

    @Test func simulatorRepliesDecodeToTheSameState() {
        let states = [PrinterStatus.ready, PrinterStatus(paperOut: true), PrinterStatus(paperNearEnd: true),
                      PrinterStatus(online: false, coverOpen: true), PrinterStatus(cutterError: true)]
        for state in states {
            var decoded = PrinterStatus()
            for kind in StatusKind.allCases {
                let accepted = decoded.apply(state.reply(to: kind), for: kind)
                #expect(accepted)
            }
            #expect(decoded.paperOut == state.paperOut)
            #expect(decoded.paperNearEnd == state.paperNearEnd)
            #expect(decoded.coverOpen == state.coverOpen)
            #expect(decoded.cutterError == state.cutterError)
            #expect(decoded.online == state.online)
        }
        #expect(PrinterStatus(paperOut: true).reply(to: .paper) == 0x72)
    }
}

