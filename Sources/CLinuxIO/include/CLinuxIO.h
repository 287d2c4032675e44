// Linux interfaces Swift's Glibc module does not reach: feature-gated functions and the
// function-like ioctl request macros (swift.md §1.3). Every symbol is prefixed clinuxio_.
#ifndef CLINUXIO_H
#define CLINUXIO_H

#include <stddef.h>

/// Opens a new pseudo-terminal pair: returns the master descriptor (non-blocking,
/// close-on-exec) and writes the slave's path into `name`; -1 with errno set on failure.
int clinuxio_open_pty(char *name, size_t length);

/// Puts a serial line into raw 8N1 mode at `baud` (9600…115200; others give 115200), with
/// the receiver on and modem lines ignored. 0, or -1 with errno set.
int clinuxio_serial_raw(int fd, int baud);

/// EVIOCGRAB: takes (1) or releases (0) an input device exclusively, so its key presses
/// reach no other program (the kiosk's or window's screen). 0, or -1 with errno set.
int clinuxio_evdev_grab(int fd, int grab);

/// EVIOCGNAME: the input device's name into `name`; its length, or -1 with errno set.
int clinuxio_evdev_name(int fd, char *name, size_t length);

/// HIDIOCGRAWNAME: the HID device's name into `name`; its length, or -1 with errno set.
int clinuxio_hidraw_name(int fd, char *name, size_t length);

/// Size of one `struct input_event` on this machine (24 on 64-bit Linux).
size_t clinuxio_input_event_size(void);

#endif
