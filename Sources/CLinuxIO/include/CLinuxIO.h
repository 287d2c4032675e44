// Linux interfaces Swift's Glibc module does not reach: feature-gated functions and the
// function-like ioctl request macros (swift.md §1.3). Every symbol is prefixed clinuxio_.
#ifndef CLINUXIO_H
#define CLINUXIO_H

#include <stddef.h>
#include <stdint.h>

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

/// V4L2, one ioctl each (linux/videodev2.h): the capture logic stays in Swift (Cameras).
/// Every call returns 0 (or a count) or -1 with errno set.

/// VIDIOC_QUERYCAP: the card's name and the capabilities of this node (device_caps when
/// the driver gives them).
int clinuxio_v4l2_querycap(int fd, char *card, size_t length, uint32_t *caps);
/// The capability bits the capture needs.
uint32_t clinuxio_v4l2_cap_capture(void);
uint32_t clinuxio_v4l2_cap_streaming(void);
/// VIDIOC_ENUM_FMT for video capture: the FourCC of format `index`.
int clinuxio_v4l2_enum_format(int fd, uint32_t index, uint32_t *fourcc);
/// VIDIOC_ENUM_FRAMESIZES: size `index` of a format (a stepwise range gives its maximum as index 0).
int clinuxio_v4l2_enum_size(int fd, uint32_t fourcc, uint32_t index, uint32_t *width, uint32_t *height);
/// VIDIOC_S_FMT: asks for a format and size; writes what the driver chose.
int clinuxio_v4l2_set_format(int fd, uint32_t fourcc, uint32_t width, uint32_t height,
                             uint32_t *gotFourcc, uint32_t *gotWidth, uint32_t *gotHeight, uint32_t *bytesPerLine);
/// VIDIOC_REQBUFS with mmap buffers; returns how many the driver gave (0 frees them).
int clinuxio_v4l2_request_buffers(int fd, uint32_t count);
/// VIDIOC_QUERYBUF and mmap of buffer `index`.
int clinuxio_v4l2_map_buffer(int fd, uint32_t index, void **address, size_t *length);
int clinuxio_v4l2_unmap(void *address, size_t length);
/// VIDIOC_QBUF / VIDIOC_DQBUF of an mmap buffer.
int clinuxio_v4l2_queue(int fd, uint32_t index);
int clinuxio_v4l2_dequeue(int fd, uint32_t *index, uint32_t *bytesUsed, int *errorFlag);
/// VIDIOC_STREAMON / VIDIOC_STREAMOFF.
int clinuxio_v4l2_stream(int fd, int on);

#endif
