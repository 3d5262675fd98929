/*
 * A stand-in libjvm.so for the JDK's own shared libraries (libjava, libnet, libnio, libzip,
 * libextnet, libmanagement_ext) when a native image, not HotSpot, is the process. Those libraries
 * bind every JVM_* and jio_* symbol they import when they are loaded, so this library must define
 * them all (with the symbol version SUNWprivate_1.1 they ask for); build.sh generates a definition
 * that stops the process, naming the function, for each one not written out here. The ones here
 * do their documented job without a Java VM behind them (jvm.h in the JDK's sources describes
 * each); a native image implements the rest of the JDK's natives itself.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Called by the generated definitions. */
void jvm_unsupported(const char *function) {
    fprintf(stderr, "native stand-in libjvm.so: %s was called, which a native image does not provide here\n", function);
    fflush(stderr);
    abort();
}

jint JVM_ActiveProcessorCount(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        return CPU_COUNT(&set);
    }
    return (jint) sysconf(_SC_NPROCESSORS_ONLN);
}

jlong JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (jlong) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

jlong JVM_NanoTime(JNIEnv *env, jclass ignored) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (jlong) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void JVM_Halt(jint code) {
    exit(code);
}

void *JVM_FindLibraryEntry(void *handle, const char *name) {
    return dlsym(handle, name);
}

/* No HotSpot management interface exists here; jvm.h: NULL when the version is not supported. */
void *JVM_GetManagement(jint version) {
    return NULL;
}

/* Removes redundant separators in place ("//" to "/", no trailing "/"), as the VM does on Unix. */
char *JVM_NativePath(char *path) {
    char *out = path;
    for (char *in = path; *in; in++) {
        if (*in == '/' && out > path && out[-1] == '/') {
            continue;
        }
        *out++ = *in;
    }
    if (out > path + 1 && out[-1] == '/') {
        out--;
    }
    *out = 0;
    return path;
}

/* Raw monitors: recursive mutexes (libzip guards its cache of open zip files with one). */
void *JVM_RawMonitorCreate(void) {
    pthread_mutex_t *m = malloc(sizeof(*m));
    pthread_mutexattr_t attr;
    if (m == NULL || pthread_mutexattr_init(&attr) != 0) {
        free(m);
        return NULL;
    }
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(m, &attr);
    pthread_mutexattr_destroy(&attr);
    return m;
}

void JVM_RawMonitorDestroy(void *mon) {
    pthread_mutex_destroy(mon);
    free(mon);
}

jint JVM_RawMonitorEnter(void *mon) {
    return pthread_mutex_lock(mon);
}

void JVM_RawMonitorExit(void *mon) {
    pthread_mutex_unlock(mon);
}

/* The JDK's printf family: C99's, which is what the VM's jio_ functions amount to. */
int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
    if (count == 0) {
        return -1;
    }
    int n = vsnprintf(str, count, fmt, args);
    return n < 0 || (size_t) n >= count ? -1 : n;
}

int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int n = jio_vsnprintf(str, count, fmt, args);
    va_end(args);
    return n;
}

int jio_vfprintf(FILE *f, const char *fmt, va_list args) {
    return vfprintf(f, fmt, args);
}

int jio_fprintf(FILE *f, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int n = vfprintf(f, fmt, args);
    va_end(args);
    return n;
}
