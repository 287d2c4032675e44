#include "CJPEG.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

struct failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *message;
    size_t length;
};

static void on_error(j_common_ptr info) {
    struct failure *f = (struct failure *)info->err;
    char buffer[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, buffer);
    if (f->message && f->length) snprintf(f->message, f->length, "%s", buffer);
    longjmp(f->jump, 1);
}

// Warnings (corrupt data the decoder skipped over) make the frame unusable too.
static void on_warning(j_common_ptr info, int level) {
    if (level < 0) on_error(info);
}

int cjpeg_encode(const uint8_t *pixels, int width, int height, int components, int quality,
                 uint8_t **out, unsigned long *outLength, char *error, size_t errorLength) {
    struct jpeg_compress_struct info;
    struct failure f = { .message = error, .length = errorLength };
    *out = NULL; *outLength = 0;
    info.err = jpeg_std_error(&f.manager);
    f.manager.error_exit = on_error;
    if (setjmp(f.jump)) {
        // The memory destination may have moved its buffer already; it is not ours to free.
        jpeg_destroy_compress(&info);
        *out = NULL; *outLength = 0;
        return -1;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, out, outLength);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = components;
    info.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * (size_t)width * (size_t)components);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return 0;
}

int cjpeg_check(const uint8_t *data, unsigned long length, int *width, int *height, int *components,
                char *error, size_t errorLength) {
    struct jpeg_decompress_struct info;
    struct failure f = { .message = error, .length = errorLength };
    JSAMPLE *volatile row = NULL;
    info.err = jpeg_std_error(&f.manager);
    f.manager.error_exit = on_error;
    f.manager.emit_message = on_warning;
    if (setjmp(f.jump)) {
        free(row);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, length);
    jpeg_read_header(&info, TRUE);
    jpeg_start_decompress(&info);
    row = malloc((size_t)info.output_width * (size_t)info.output_components);
    if (!row) { snprintf(error, errorLength, "out of memory"); jpeg_destroy_decompress(&info); return -1; }
    while (info.output_scanline < info.output_height) { JSAMPROW r = row; jpeg_read_scanlines(&info, &r, 1); }
    *width = (int)info.output_width; *height = (int)info.output_height; *components = info.output_components;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    return 0;
}

int cjpeg_decode(const uint8_t *data, unsigned long length, uint8_t **out, int *width, int *height, int *components,
                 char *error, size_t errorLength) {
    struct jpeg_decompress_struct info;
    struct failure f = { .message = error, .length = errorLength };
    *out = NULL;
    info.err = jpeg_std_error(&f.manager);
    f.manager.error_exit = on_error;
    f.manager.emit_message = on_warning;
    if (setjmp(f.jump)) {
        free(*out); *out = NULL;
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, length);
    jpeg_read_header(&info, TRUE);
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    *out = malloc(stride * info.output_height);
    if (!*out) { snprintf(error, errorLength, "out of memory"); jpeg_destroy_decompress(&info); return -1; }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = *out + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    *width = (int)info.output_width; *height = (int)info.output_height; *components = info.output_components;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return 0;
}

void cjpeg_free(uint8_t *buffer) { free(buffer); }
