#ifndef CBzip2_SHIM_H
#define CBzip2_SHIM_H

#include <bzlib.h>

#endif
