#ifndef PERMANENCE_CCURL_SHIM_H
#define PERMANENCE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
