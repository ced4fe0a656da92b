/*
 * Build-time stub of the Windows system library icuuc.dll, for Wine only.
 *
 * PySide6's Qt6Core.dll imports 20 ucnv_* functions from the ICU that Windows 10
 * 1703+ ships as %WINDIR%\System32\icuuc.dll. Wine 8 has no such DLL, so QtCore
 * cannot load and PyInstaller silently collects no Qt plugins. This stub goes
 * into the Wine prefix only (never into the bundle): ucnv_open fails, so Qt
 * falls back to its built-in UTF codecs.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o icuuc.dll icuuc_stub.c
 */
#include <stddef.h>

typedef int UErrorCode;
typedef void UConverter;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; }

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err); return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT signed char ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 4; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return NULL; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, void *a, const void *b, void **oa, const void **ob, UErrorCode *err) { (void)c; (void)a; (void)b; (void)oa; (void)ob; fail(err); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, void *a, const void *b, void **oa, const void **ob, UErrorCode *err) { (void)c; (void)a; (void)b; (void)oa; (void)ob; fail(err); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int n, int o, UErrorCode *err) { (void)a; (void)s; (void)n; (void)o; fail(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *e, int o, UErrorCode *err) { (void)a; (void)s; (void)e; (void)o; fail(err); }
EXPORT void ucnv_toUnicode(UConverter *c, void **t, const void *tl, const char **s, const char *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const void **s, const void *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT int ucnv_toUCountPending(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return 0; }
EXPORT int ucnv_fromUCountPending(const UConverter *c, UErrorCode *err) { (void)c; fail(err); return 0; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) { (void)n; (void)s; fail(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int i) { (void)i; return NULL; }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const void *c, int d, int e, int f, UErrorCode *err) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; (void)err; }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int d, int e, UErrorCode *err) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)err; }
