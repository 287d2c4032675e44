// Linux interfaces Swift's Glibc module does not reach: feature-gated functions and the
// function-like ioctl request macros (swift.md §1.3). Every symbol is prefixed clinuxio_.
#ifndef CLINUXIO_H
#define CLINUXIO_H

#include <stddef.h>

/// Opens a new pseudo-terminal pair: returns the master descriptor (non-blocking,
/// close-on-exec) and writes the slave's path into `name`; -1 with errno set on failure.
int clinuxio_open_pty(char *name, size_t length);

#endif
