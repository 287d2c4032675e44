#define _GNU_SOURCE
#include "CLinuxIO.h"
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <linux/input.h>
#include <linux/hidraw.h>

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
