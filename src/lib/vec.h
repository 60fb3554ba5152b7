/* SPDX-License-Identifier: GPL-2.0 */
/* vec.h - growable arrays: the one place that reallocates them. */
#ifndef PP_VEC_H
#define PP_VEC_H

#include <stddef.h>

/*
 * Append one zeroed element to the array *base (with *n used and *cap
 * allocated elements of `size` bytes), growing it by doubling. Returns the
 * new element, or NULL when out of memory (the array is left as it was).
 */
void *vec_push(void *base, size_t *n, size_t *cap, size_t size);

#endif
