// Exposes liblz4's block format (Debian: liblz4-dev) to Swift: the store compresses
// its review journal rows with it (Sources/VigilStore/JournalCodec.swift says why).
#ifndef VIGIL_CLZ4_SHIM_H
#define VIGIL_CLZ4_SHIM_H
#include <lz4.h>
#endif
