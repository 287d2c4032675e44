#define _GNU_SOURCE
#include "CLinuxIO.h"
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int clinuxio_open_pty(char *name, size_t length) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, length) != 0) {
        close(master);
        return -1;
    }
    return master;
}
