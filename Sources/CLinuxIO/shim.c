#ifndef _GNU_SOURCE  // also set by Package.swift's cSettings
#define _GNU_SOURCE
#endif
#include "CLinuxIO.h"
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <linux/input.h>
#include <linux/hidraw.h>
#include <linux/videodev2.h>
#include <sys/mman.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

int clinuxio_open_pty(char *name, size_t length) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, length) != 0) {
        close(master);
        return -1;
    }
    return master;
}

int clinuxio_serial_raw(int fd, int baud) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    speed_t speed = B115200;
    switch (baud) {
    case 9600: speed = B9600; break;
    case 19200: speed = B19200; break;
    case 38400: speed = B38400; break;
    case 57600: speed = B57600; break;
    default: break;
    }
    cfsetispeed(&t, speed);
    cfsetospeed(&t, speed);
    return tcsetattr(fd, TCSANOW, &t);
}

int clinuxio_evdev_grab(int fd, int grab) { return ioctl(fd, EVIOCGRAB, grab); }

int clinuxio_evdev_name(int fd, char *name, size_t length) { return ioctl(fd, EVIOCGNAME(length), name); }

int clinuxio_hidraw_name(int fd, char *name, size_t length) { return ioctl(fd, HIDIOCGRAWNAME(length), name); }

size_t clinuxio_input_event_size(void) { return sizeof(struct input_event); }

static int xioctl(int fd, unsigned long request, void *arg) {
    int r;
    do { r = ioctl(fd, request, arg); } while (r == -1 && errno == EINTR);
    return r;
}

int clinuxio_v4l2_querycap(int fd, char *card, size_t length, uint32_t *caps) {
    struct v4l2_capability c;
    memset(&c, 0, sizeof c);
    if (xioctl(fd, VIDIOC_QUERYCAP, &c) != 0) return -1;
    snprintf(card, length, "%s", (const char *)c.card);
    *caps = (c.capabilities & V4L2_CAP_DEVICE_CAPS) ? c.device_caps : c.capabilities;
    return 0;
}

uint32_t clinuxio_v4l2_cap_capture(void) { return V4L2_CAP_VIDEO_CAPTURE; }
uint32_t clinuxio_v4l2_cap_streaming(void) { return V4L2_CAP_STREAMING; }

int clinuxio_v4l2_enum_format(int fd, uint32_t index, uint32_t *fourcc) {
    struct v4l2_fmtdesc d;
    memset(&d, 0, sizeof d);
    d.index = index;
    d.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd, VIDIOC_ENUM_FMT, &d) != 0) return -1;
    *fourcc = d.pixelformat;
    return 0;
}

int clinuxio_v4l2_enum_size(int fd, uint32_t fourcc, uint32_t index, uint32_t *width, uint32_t *height) {
    struct v4l2_frmsizeenum s;
    memset(&s, 0, sizeof s);
    s.index = index;
    s.pixel_format = fourcc;
    if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &s) != 0) return -1;
    if (s.type == V4L2_FRMSIZE_TYPE_DISCRETE) { *width = s.discrete.width; *height = s.discrete.height; return 0; }
    if (index != 0) { errno = EINVAL; return -1; }
    *width = s.stepwise.max_width; *height = s.stepwise.max_height;
    return 0;
}

int clinuxio_v4l2_set_format(int fd, uint32_t fourcc, uint32_t width, uint32_t height,
                             uint32_t *gotFourcc, uint32_t *gotWidth, uint32_t *gotHeight, uint32_t *bytesPerLine) {
    struct v4l2_format f;
    memset(&f, 0, sizeof f);
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.pixelformat = fourcc;
    f.fmt.pix.width = width;
    f.fmt.pix.height = height;
    f.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd, VIDIOC_S_FMT, &f) != 0) return -1;
    *gotFourcc = f.fmt.pix.pixelformat; *gotWidth = f.fmt.pix.width; *gotHeight = f.fmt.pix.height;
    *bytesPerLine = f.fmt.pix.bytesperline;
    return 0;
}

int clinuxio_v4l2_request_buffers(int fd, uint32_t count) {
    struct v4l2_requestbuffers r;
    memset(&r, 0, sizeof r);
    r.count = count;
    r.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    r.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd, VIDIOC_REQBUFS, &r) != 0) return -1;
    return (int)r.count;
}

int clinuxio_v4l2_map_buffer(int fd, uint32_t index, void **address, size_t *length) {
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    b.index = index;
    if (xioctl(fd, VIDIOC_QUERYBUF, &b) != 0) return -1;
    void *p = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
    if (p == MAP_FAILED) return -1;
    *address = p; *length = b.length;
    return 0;
}

int clinuxio_v4l2_unmap(void *address, size_t length) { return munmap(address, length); }

int clinuxio_v4l2_queue(int fd, uint32_t index) {
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    b.index = index;
    return xioctl(fd, VIDIOC_QBUF, &b);
}

int clinuxio_v4l2_dequeue(int fd, uint32_t *index, uint32_t *bytesUsed, int *errorFlag) {
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd, VIDIOC_DQBUF, &b) != 0) return -1;
    *index = b.index; *bytesUsed = b.bytesused; *errorFlag = (b.flags & V4L2_BUF_FLAG_ERROR) ? 1 : 0;
    return 0;
}

int clinuxio_v4l2_stream(int fd, int on) {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    return xioctl(fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);
}
