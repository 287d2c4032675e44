// libjpeg (libjpeg62-turbo-dev) behind two calls that never longjmp into Swift: libjpeg
// reports errors with setjmp/longjmp, which Swift frames must not be unwound by, so the
// jumps stay inside these C functions and come back as a message.
#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>

/// Encodes packed 8-bit RGB (`components` 3) or grayscale (`components` 1) into a baseline
/// JPEG in memory. On success returns 0 and `*out` (free with cjpeg_free) of `*outLength`
/// bytes; on failure -1 with the reason in `error`.
int cjpeg_encode(const uint8_t *pixels, int width, int height, int components, int quality,
                 uint8_t **out, unsigned long *outLength, char *error, size_t errorLength);

/// Decodes a JPEG fully (every scan, every Huffman code) to check it opens; returns 0 with
/// its size and components, or -1 with libjpeg's reason in `error`.
int cjpeg_check(const uint8_t *data, unsigned long length, int *width, int *height, int *components,
                char *error, size_t errorLength);

/// Decodes a JPEG to packed pixels (gray or RGB as stored); `*out` is freed with cjpeg_free.
int cjpeg_decode(const uint8_t *data, unsigned long length, uint8_t **out, int *width, int *height, int *components,
                 char *error, size_t errorLength);

void cjpeg_free(uint8_t *buffer);

#endif
