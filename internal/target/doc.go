// Package target is the runtime one platform's image is built for: the OCI
// platform, its uname machine and APK architecture, and the glibc and
// CPython the image holds. Wheel tags (PEP 425/600) and PEP 508 markers
// are derived from it here and nowhere else.
package target
