// libudev (Debian's libudev-dev): the device monitor that passes on kernel uevents once
// udev's rules have run, for hotplug of printers, readers, keypads and cameras (issue 17).
#include <libudev.h>
