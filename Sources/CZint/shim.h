// C shim: libzint (Debian's libzint-dev) for the barcode systems a ticket printer draws.
#include <zint.h>

// One module of an encoded symbol: zint packs each row's modules eight to a byte, the lowest
// bit first (its own module_is_set, which zint.h does not export).
static inline int onevisit_zint_module(const struct zint_symbol *symbol, int row, int column) {
    return (symbol->encoded_data[row][column >> 3] >> (column & 7)) & 1;
}
