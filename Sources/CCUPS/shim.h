// libcups, the client library of CUPS (Debian/Ubuntu: libcups2-dev; macOS: part of the system).
#include <cups/cups.h>
#include <cups/ipp.h>
