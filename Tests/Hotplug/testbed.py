#!/usr/bin/python3
"""A umockdev testbed for hotplug tests (issue 17): a printer-class USB printer (usblp node
/dev/usb/lp0, then lp1…), a USB keypad (input node /dev/input/event5, then event6…) and an
RS-485 keypad on a USB-serial bridge (/dev/ttyUSB0, then ttyUSB1…), each behind the link
udev's rules give it (/dev/onevisit/printer-kiosk-1, keypad-window-1, keypad-window-2). It
plays them (the printer answers DLE EOT with "ready" and counts cut jobs; the keypads send
key presses), and removes and adds them again with their uevents while the program runs.

Run under umockdev-wrapper, which preloads umockdev for this process and its child:
    umockdev-wrapper /usr/bin/python3 testbed.py -- PROGRAM ARGS...
Commands on stdin, one a line, each answered on stdout by one line:
    remove printer|keypad|serial, add …         -> "ok"
    press keypad|serial LEVEL                   -> "ok"
    jobs                                        -> the number of jobs cut so far
The program's stderr and exit are its own; closing stdin ends the program and the testbed.
"""
import errno
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

HUB = "/devices/pci0000:00/0000:00:14.0/usb1"
USB = "/sys" + HUB + "/1-3"
KEYPAD_SYS = "/sys" + HUB + "/1-4"
SERIAL_SYS = "/sys" + HUB + "/1-5"


def device(path, node=None, properties=(), attributes=()):
    """One device of a umockdev-record description: its sysfs path, node, uevent
    properties (E:) and sysfs attributes (A:)."""
    lines = ["P: " + path] + (["N: " + node[len("/dev/"):], "E: DEVNAME=" + node] if node else [])
    return "\n".join(lines + ["E: " + p for p in properties] + ["A: " + a for a in attributes]) + "\n"


def printer(n):
    """A printer-class USB printer (6868:0500, interface 7/1/2) with usblp's node lp{n}."""
    devnum = 2 + n
    return "\n".join([
        device(HUB + "/1-3", "/dev/bus/usb/001/%03d" % devnum, ["DEVTYPE=usb_device", "SUBSYSTEM=usb", "PRODUCT=6868/500/100"],
               ["idVendor=6868", "idProduct=0500", "busnum=1", "devnum=%d" % devnum]),
        device(HUB + "/1-3/1-3:1.0", None, ["DEVTYPE=usb_interface", "SUBSYSTEM=usb", "INTERFACE=7/1/2"],
               ["bInterfaceClass=07", "bInterfaceSubClass=01", "bInterfaceProtocol=02"]),
        device(HUB + "/1-3/1-3:1.0/usbmisc/lp%d" % n, "/dev/usb/lp%d" % n,
               ["DEVLINKS=/dev/onevisit/printer-kiosk-1", "MAJOR=180", "MINOR=%d" % n, "SUBSYSTEM=usbmisc"], ["dev=180:%d" % n]),
    ])


def keypad(n):
    """A USB keyboard-like keypad (1a2c:2124) with its input node event{5 + n}."""
    event = 5 + n
    return "\n".join([
        device(HUB + "/1-4", None, ["DEVTYPE=usb_device", "SUBSYSTEM=usb", "PRODUCT=1a2c/2124/110"], ["idVendor=1a2c", "idProduct=2124"]),
        device(HUB + "/1-4/1-4:1.0/0003:1A2C:2124.0001/input/input%d/event%d" % (event, event), "/dev/input/event%d" % event,
               ["DEVLINKS=/dev/onevisit/keypad-window-1", "MAJOR=13", "MINOR=%d" % (64 + event), "SUBSYSTEM=input",
                "ID_INPUT=1", "ID_INPUT_KEY=1", "ID_INPUT_KEYBOARD=1"], ["dev=13:%d" % (64 + event)]),
    ])


def serial(n):
    """A USB-serial bridge (1a86:7523, ch341) with an RS-485 keypad at address 1 on ttyUSB{n}."""
    return "\n".join([
        device(HUB + "/1-5", None, ["DEVTYPE=usb_device", "SUBSYSTEM=usb", "PRODUCT=1a86/7523/264"], ["idVendor=1a86", "idProduct=7523"]),
        device(HUB + "/1-5/1-5:1.0/ttyUSB%d/tty/ttyUSB%d" % (n, n), "/dev/ttyUSB%d" % n,
               ["DEVLINKS=/dev/onevisit/keypad-window-2", "MAJOR=188", "MINOR=%d" % n, "SUBSYSTEM=tty"], ["dev=188:%d" % n]),
    ])


testbed = UMockdev.Testbed.new()
lock = threading.Lock()
jobs = 0
# The kernel numbers a replugged device anew (lp0, then lp1); udev's link keeps its name.
plugs = {"printer": 0, "keypad": 0, "serial": 0}
plugged = {}
LINKS = {"printer": "printer-kiosk-1", "keypad": "keypad-window-1", "serial": "keypad-window-2"}


def node(name):
    n = plugs[name] - 1
    return {"printer": "/dev/usb/lp%d" % n, "keypad": "/dev/input/event%d" % (5 + n), "serial": "/dev/ttyUSB%d" % n}[name]


def link(name):
    return os.path.join(testbed.get_root_dir(), "dev/onevisit", LINKS[name])


def add(name):
    n = plugs[name]
    plugs[name] += 1
    # udev makes the link before it passes the uevent on, so it is there when the event is.
    os.makedirs(os.path.dirname(link(name)), exist_ok=True)
    os.symlink(".." + node(name)[len("/dev"):], link(name))
    if name == "printer":
        testbed.add_from_string(printer(n))
        plugged[name] = threading.Event()
        plugged[name].set()
        threading.Thread(target=play_printer, args=(testbed.get_dev_fd(node(name)), plugged[name]), daemon=True).start()
    elif name == "serial":
        testbed.add_from_string(serial(n))
    else:
        testbed.add_from_string(keypad(n))
        # A SYN event only: it gives the node umockdev's evdev ioctls (EVIOCGRAB, EVIOCGNAME).
        events = os.path.join(testbed.get_root_dir(), "keypad%d.events" % n)
        with open(events, "w") as f:
            f.write("E: 0.000000 0000 0000 0\n")
        testbed.load_evemu_events(node(name), events)


def remove(name):
    if name in plugged:
        plugged[name].clear()
    os.unlink(link(name))
    # Children first, each with its remove uevent, as the kernel sends them.
    sysfs = {"printer": USB, "keypad": KEYPAD_SYS, "serial": SERIAL_SYS}[name]
    nodes = sorted((root for root, _, _ in os.walk(sysfs) if os.path.exists(os.path.join(root, "uevent"))), key=len, reverse=True)
    for sys_node in nodes:
        testbed.uevent(sys_node, "remove")
        testbed.remove_device(sys_node)


def play_printer(master, plugged):
    """The printer's side of the usblp node: every DLE EOT n answered "ready" (0x12), every
    cut (GS V) counted as a job, until the node is removed."""
    global jobs
    pending = b""
    while plugged.is_set():
        try:
            select.select([master], [], [], 0.05)
            chunk = os.read(master, 4096)
        except BlockingIOError:
            continue
        except OSError as error:
            if error.errno == errno.EIO:  # no one has the node open now: wait for the next open
                time.sleep(0.01)
                continue
            return
        pending += chunk
        while True:
            status = pending.find(b"\x10\x04")
            cut = pending.find(b"\x1d\x56")
            if status >= 0 and len(pending) >= status + 3 and (cut < 0 or status < cut):
                os.write(master, b"\x12")
                pending = pending[status + 3:]
            elif cut >= 0:
                with lock:
                    jobs += 1
                pending = pending[cut + 2:]
            else:
                break


def press(name, level):
    """A key of `level` on a keypad. The USB one: KEY_1 (code 2) is level 5 … KEY_5 (code 6)
    level 1, down, SYN, up, SYN. The serial one at address 1: AA, address, key (01 is level 5
    … 05 level 1), address XOR key."""
    master = testbed.get_dev_fd(node(name))
    key = 1 + (5 - level)
    if name == "serial":
        os.write(master, bytes([0xAA, 1, key, 1 ^ key]))
        return
    code = 1 + key
    os.write(master, b"".join(struct.pack("llHHi", 0, 0, t, c, v) for t, c, v in [(1, code, 1), (0, 0, 0), (1, code, 0), (0, 0, 0)]))


def main():
    program = sys.argv[sys.argv.index("--") + 1:]
    for name in plugs:
        add(name)
    env = dict(os.environ, UMOCKDEV_DIR=testbed.get_root_dir())
    child = subprocess.Popen(program, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    # A stop for the testbed is a stop for the program: it never outlives its devices.
    signal.signal(signal.SIGTERM, lambda *_: (child.terminate(), sys.exit(child.wait())))
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "remove":
            remove(words[1])
            answer = "ok"
        elif words[0] == "add":
            add(words[1])
            answer = "ok"
        elif words[0] == "press":
            press(words[1], int(words[2]))
            answer = "ok"
        elif words[0] == "jobs":
            with lock:
                answer = str(jobs)
        else:
            answer = "unknown command " + words[0]
        print(answer, flush=True)
    child.terminate()
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
