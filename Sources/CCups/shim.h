// libcups2 (Debian's libcups2-dev ships no cups.pc; swift.md §1.3).
#include <cups/cups.h>
