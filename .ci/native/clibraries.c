/*
 * The C functions a native image calls that a GraalVM distribution ships as static libraries
 * (lib/svm/clibraries) and that no registry reachable here provides. Written from the documented
 * behaviour of each interface (CPUID in Intel's SDM, POSIX, cgroup v1/v2 kernel documentation,
 * JNI), not from GraalVM's sources. Each function either does its whole job or stops the process
 * with a message naming what it could not do: none of them guesses.
 *
 * The names and signatures are the ones the image's object file leaves undefined (nm -u); the Java
 * side that calls them is in the builder jar (AMD64LibCHelper, CSunMiscSignal, LocaleCHelper,
 * ContainerLibrary, LibCHelper, Jvm, Fcntl, LinuxLibCHelper, PosixVMThreads).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jni.h>

#include "amd64cpufeatures.h"
#include "svm_locale.h"

static void fatal(const char *what) {
    fprintf(stderr, "native stand-in: %s\n", what);
    fflush(stderr);
    abort();
}

/* ---- varargs libc functions under fixed signatures -------------------------------------- */

int openSII(const char *path, int flags, int mode) {
    return open(path, flags, mode);
}

void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
    return mremap(old_address, old_size, new_size, flags, new_address);
}

int fprintfSD(FILE *stream, const char *format, const char *s, int d) {
    return fprintf(stream, format, s, d);
}

int getThreadId(void) {
    return (int) syscall(SYS_gettid);
}

/* The Jvm class's set-up call: the functions in this file and in the libjvm stand-in keep no state
 * that needs initialising. */
void initialize(void) {
}

/* ---- CPU features (Intel SDM vol. 2A, CPUID; AMD APM vol. 3 for the 0x8000_0001 leaf) ----- */

static uint64_t xgetbv0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t) edx << 32) | eax;
}

#define BIT(reg, n) ((char) (((reg) >> (n)) & 1))

/* Fills every field this file knows how to read from CPUID; the others stay 0 (absent), so the
 * image never uses an instruction the processor was not shown to have. */
void determineCPUFeatures(CPUFeatures *f) {
    memset(f, 0, sizeof(*f));
    unsigned a, b, c, d;
    unsigned max = __get_cpuid_max(0, NULL);
    if (max < 1) {
        return;
    }
    __cpuid(1, a, b, c, d);
    f->fTSC = BIT(d, 4);
    f->fCX8 = BIT(d, 8);
    f->fCMOV = BIT(d, 15);
    f->fFLUSH = BIT(d, 19);
    f->fMMX = BIT(d, 23);
    f->fFXSR = BIT(d, 24);
    f->fSSE = BIT(d, 25);
    f->fSSE2 = BIT(d, 26);
    f->fSSE3 = BIT(c, 0);
    f->fCLMUL = BIT(c, 1);
    f->fSSSE3 = BIT(c, 9);
    f->fFMA = BIT(c, 12);
    f->fSSE4_1 = BIT(c, 19);
    f->fSSE4_2 = BIT(c, 20);
    f->fPOPCNT = BIT(c, 23);
    f->fAES = BIT(c, 25);
    f->fAVX = BIT(c, 28);
    f->fF16C = BIT(c, 29);
    f->fHV = BIT(c, 31);
    int osxsave = BIT(c, 27);
    uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    int os_avx = (xcr0 & 0x6) == 0x6;              /* XMM and YMM state saved by the OS */
    int os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0; /* opmask, ZMM_Hi256, Hi16_ZMM */

    if (max >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->fBMI1 = BIT(b, 3);
        f->fAVX2 = BIT(b, 5);
        f->fBMI2 = BIT(b, 8);
        f->fERMS = BIT(b, 9);
        f->fRTM = BIT(b, 11);
        f->fAVX512F = BIT(b, 16);
        f->fAVX512DQ = BIT(b, 17);
        f->fADX = BIT(b, 19);
        f->fAVX512_IFMA = BIT(b, 21);
        f->fFLUSHOPT = BIT(b, 23);
        f->fCLWB = BIT(b, 24);
        f->fAVX512PF = BIT(b, 26);
        f->fAVX512ER = BIT(b, 27);
        f->fAVX512CD = BIT(b, 28);
        f->fSHA = BIT(b, 29);
        f->fAVX512BW = BIT(b, 30);
        f->fAVX512VL = BIT(b, 31);
        f->fAVX512_VBMI = BIT(c, 1);
        f->fPKU = BIT(c, 3);
        f->fOSPKE = BIT(c, 4);
        f->fAVX512_VBMI2 = BIT(c, 6);
        f->fCET_SS = BIT(c, 7);
        f->fGFNI = BIT(c, 8);
        f->fAVX512_VAES = BIT(c, 9);
        f->fAVX512_VPCLMULQDQ = BIT(c, 10);
        f->fAVX512_VNNI = BIT(c, 11);
        f->fAVX512_BITALG = BIT(c, 12);
        f->fAVX512_VPOPCNTDQ = BIT(c, 14);
        f->fRDPID = BIT(c, 22);
        f->fFSRM = BIT(d, 4);
        f->fSERIALIZE = BIT(d, 14);
        f->fCET_IBT = BIT(d, 20);
        f->fAVX512_FP16 = BIT(d, 23);
        __cpuid_count(7, 1, a, b, c, d);
        f->fSHA512 = BIT(a, 0);
        f->fAVX_IFMA = BIT(a, 23);
        /* APX and AVX10 need further OS-state and version checks: left absent. */
    }
    unsigned ext = __get_cpuid_max(0x80000000, NULL);
    if (ext >= 0x80000001) {
        __cpuid(0x80000001, a, b, c, d);
        f->fLZCNT = BIT(c, 5);
        f->fSSE4A = BIT(c, 6);
        f->fAMD_3DNOW_PREFETCH = BIT(c, 8);
        f->fRDTSCP = BIT(d, 27);
    }
    if (ext >= 0x80000007) {
        __cpuid(0x80000007, a, b, c, d);
        f->fTSCINV_BIT = BIT(d, 8);
    }
    /* Instructions using YMM/ZMM registers only count when the OS saves those registers. */
    if (!os_avx) {
        f->fAVX = f->fAVX2 = f->fFMA = f->fF16C = f->fAVX_IFMA = 0;
    }
    if (!os_avx512) {
        f->fAVX512F = f->fAVX512DQ = f->fAVX512PF = f->fAVX512ER = f->fAVX512CD = f->fAVX512BW = f->fAVX512VL = 0;
        f->fAVX512_IFMA = f->fAVX512_VBMI = f->fAVX512_VBMI2 = f->fAVX512_VNNI = f->fAVX512_BITALG = 0;
        f->fAVX512_VPOPCNTDQ = f->fAVX512_FP16 = f->fAVX512_VAES = f->fAVX512_VPCLMULQDQ = 0;
    }
    if (!f->fAVX) {
        f->fAVX2 = 0;
    }
    f->fVZEROUPPER = f->fAVX; /* vzeroupper exists wherever AVX does */
}

/* The image's build-time mask has one byte per CPUFeatures field, padded to 8 bytes: 0xFE where
 * the image needs the feature, 0xFF elsewhere. A needed feature is present when its byte ORed with
 * the host's (0 or 1) gives 0xFF. Returns 0 when every needed feature is present. */
int checkCPUFeatures(const unsigned char *buildtime_mask) {
    unsigned char host[(sizeof(CPUFeatures) + 7) / 8 * 8];
    memset(host, 0, sizeof(host));
    determineCPUFeatures((CPUFeatures *) host);
    for (size_t i = 0; i < sizeof(host); i++) {
        if ((unsigned char) (host[i] | buildtime_mask[i]) != 0xFF) {
            return -1;
        }
    }
    return 0;
}

int checkCPUFeaturesOrExit(const unsigned char *buildtime_mask, const char *error_message) {
    if (checkCPUFeatures(buildtime_mask) != 0) {
        fputs(error_message, stderr);
        fflush(stderr);
        exit(1);
    }
    return 0;
}

/* ---- sun.misc.Signal / jdk.internal.misc.Signal: handler, pending counts, semaphore --------- */

static atomic_int signal_counts[NSIG];
static sem_t signal_semaphore;
static atomic_int signal_open;

static void count_signal(int sig) {
    if (sig > 0 && sig < NSIG) {
        atomic_fetch_add(&signal_counts[sig], 1);
        sem_post(&signal_semaphore); /* async-signal-safe (POSIX) */
    }
}

/* 0 when this process now owns the mechanism; -1 with errno EBUSY when it is already open. */
int cSunMiscSignal_open(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&signal_open, &expected, 1)) {
        errno = EBUSY;
        return -1;
    }
    for (int i = 0; i < NSIG; i++) {
        atomic_store(&signal_counts[i], 0);
    }
    if (sem_init(&signal_semaphore, 0, 0) != 0) {
        atomic_store(&signal_open, 0);
        return -1;
    }
    return 0;
}

int cSunMiscSignal_close(void) {
    int expected = 1;
    if (!atomic_compare_exchange_strong(&signal_open, &expected, 0)) {
        errno = EINVAL;
        return -1;
    }
    return sem_destroy(&signal_semaphore);
}

int cSunMiscSignal_awaitSemaphore(void) {
    int rc;
    while ((rc = sem_wait(&signal_semaphore)) != 0 && errno == EINTR) {
    }
    return rc;
}

int cSunMiscSignal_signalSemaphore(void) {
    return sem_post(&signal_semaphore);
}

jboolean cSunMiscSignal_signalRangeCheck(int sig) {
    return sig > 0 && sig < NSIG;
}

/* A signal with a pending count (taking one off it), or -1 when none is pending. */
int cSunMiscSignal_checkPendingSignal(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        int n = atomic_load(&signal_counts[sig]);
        while (n > 0) {
            if (atomic_compare_exchange_weak(&signal_counts[sig], &n, n - 1)) {
                return sig;
            }
        }
    }
    return -1;
}

typedef void (*signal_dispatcher)(int);

signal_dispatcher cSunMiscSignal_signalHandlerFunctionPointer(void) {
    return count_signal;
}

/* ---- time zone: TZ, then /etc/timezone, then the /etc/localtime link (tzset(3), tzfile(5)) --- */

static char *zone_from(const char *name) {
    if (name == NULL) {
        return NULL;
    }
    if (*name == ':') {
        name++;
    }
    const char *z = strstr(name, "zoneinfo/");
    if (z != NULL) {
        name = z + strlen("zoneinfo/");
    }
    size_t n = strcspn(name, " \t\r\n");
    if (n == 0 || name[0] == '/') {
        return NULL; /* an absolute file outside zoneinfo names no zone id */
    }
    return strndup(name, n);
}

/* The system's zone id (malloc'd; the caller frees it), or NULL: the JDK then uses GMT. The
 * tzmappings argument is for Windows and AIX; Linux needs none. */
char *SVM_FindJavaTZmd(const char *tzmappings, int length) {
    (void) tzmappings;
    (void) length;
    char *zone = zone_from(getenv("TZ"));
    if (zone != NULL) {
        return zone;
    }
    FILE *etc = fopen("/etc/timezone", "r");
    if (etc != NULL) {
        char line[256];
        char *got = fgets(line, sizeof(line), etc);
        fclose(etc);
        if (got != NULL && (zone = zone_from(line)) != NULL) {
            return zone;
        }
    }
    char link[PATH_MAX];
    ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);
    if (n > 0) {
        link[n] = 0;
        return zone_from(link);
    }
    return NULL;
}

/* ---- locale: the POSIX environment (LC_ALL, then LC_CTYPE / LC_MESSAGES, then LANG) -------- */

static svm_locale_props_t locale_props;

static const char *locale_env(const char *category) {
    const char *names[] = { "LC_ALL", category, "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        if (v != NULL && *v != 0) {
            return v;
        }
    }
    return "C";
}

/* language[_territory][.codeset][@modifier]; C and POSIX are en_US as in the JDK. Returns 0 when
 * out of memory. */
static int parse_locale(const char *value, char **language, char **script, char **country, char **variant) {
    if (strcmp(value, "C") == 0 || strcmp(value, "POSIX") == 0 || strncmp(value, "C.", 2) == 0) {
        value = "en_US";
    }
    char *copy = strdup(value);
    if (copy == NULL) {
        return 0;
    }
    char *modifier = strchr(copy, '@');
    if (modifier != NULL) {
        *modifier++ = 0;
    }
    char *codeset = strchr(copy, '.');
    if (codeset != NULL) {
        *codeset = 0;
    }
    char *territory = strchr(copy, '_');
    if (territory != NULL) {
        *territory++ = 0;
    }
    *language = copy;
    *country = territory != NULL && *territory ? territory : NULL;
    *script = NULL;
    *variant = NULL;
    if (modifier != NULL && *modifier) {
        /* The modifiers glibc uses for scripts; any other is the variant. */
        if (strcmp(modifier, "latin") == 0) {
            *script = "Latn";
        } else if (strcmp(modifier, "cyrillic") == 0) {
            *script = "Cyrl";
        } else if (strcmp(modifier, "devanagari") == 0) {
            *script = "Deva";
        } else if (strcmp(modifier, "euro") != 0) {
            *variant = modifier;
        }
    }
    return 1;
}

int svm_initialize_locale(void) {
    if (!parse_locale(locale_env("LC_CTYPE"), &locale_props.format_language, &locale_props.format_script,
            &locale_props.format_country, &locale_props.format_variant)
            || !parse_locale(locale_env("LC_MESSAGES"), &locale_props.display_language, &locale_props.display_script,
                    &locale_props.display_country, &locale_props.display_variant)) {
        return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
    }
    return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) {
    return &locale_props;
}

/* ---- container limits (cgroup v2 and v1, Documentation/admin-guide/cgroup-v{1,2}) -------- */

#define CONTAINER_VERSION 240100 /* ContainerLibrary.VERSION of the builder this was written for */

static char memory_dir[PATH_MAX], memory_mount[PATH_MAX], cpu_dir[PATH_MAX];
static int cgroup_v2;

/* The directory of this process's cgroup for a controller: the mount point from mountinfo plus
 * the cgroup path from /proc/self/cgroup, relative to the mount's root. */
static int cgroup_dir(int v2, const char *controller, char *out, char *mount_out) {
    char path[PATH_MAX] = "";
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (f == NULL) {
        return 0;
    }
    char line[4096];
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = 0;
        char *controllers = strchr(line, ':');
        char *p = controllers != NULL ? strchr(controllers + 1, ':') : NULL;
        if (p == NULL) {
            continue;
        }
        *p++ = 0;
        *controllers++ = 0;
        int match = v2 ? strncmp(line, "0", 2) == 0 && *controllers == 0 : 0;
        if (!v2) {
            for (char *tok = strtok(controllers, ","); tok != NULL; tok = strtok(NULL, ",")) {
                match |= strcmp(tok, controller) == 0;
            }
        }
        if (match) {
            snprintf(path, sizeof(path), "%s", p);
            break;
        }
    }
    fclose(f);
    if (!*path) {
        return 0;
    }
    f = fopen("/proc/self/mountinfo", "r");
    if (f == NULL) {
        return 0;
    }
    int found = 0;
    while (!found && fgets(line, sizeof(line), f) != NULL) {
        /* id parent major:minor root mountpoint options [optional...] - fstype source superoptions */
        char root[PATH_MAX], mount[PATH_MAX];
        if (sscanf(line, "%*s %*s %*s %4095s %4095s", root, mount) != 2) {
            continue;
        }
        char *dash = strstr(line, " - ");
        if (dash == NULL) {
            continue;
        }
        char fstype[64], source[256], super[1024] = "";
        if (sscanf(dash + 3, "%63s %255s %1023s", fstype, source, super) < 2) {
            continue;
        }
        if (v2 ? strcmp(fstype, "cgroup2") != 0 : strcmp(fstype, "cgroup") != 0) {
            continue;
        }
        if (!v2) {
            int has = 0;
            for (char *tok = strtok(super, ","); tok != NULL; tok = strtok(NULL, ",")) {
                has |= strcmp(tok, controller) == 0;
            }
            if (!has) {
                continue;
            }
        }
        size_t rl = strlen(root);
        const char *rest = strcmp(root, "/") == 0 ? path
                : strncmp(path, root, rl) == 0 && (path[rl] == '/' || path[rl] == 0) ? path + rl : "";
        snprintf(out, PATH_MAX, "%s%s", mount, rest);
        if (mount_out != NULL) {
            snprintf(mount_out, PATH_MAX, "%s", mount);
        }
        found = 1;
    }
    fclose(f);
    return found;
}

/* A limit file's value; -1 for "max", absent or unreadable (no limit). */
static long long read_limit(const char *dir, const char *file) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    char value[64] = "";
    char *got = fgets(value, sizeof(value), f);
    fclose(f);
    if (got == NULL || strncmp(value, "max", 3) == 0) {
        return -1;
    }
    return atoll(value);
}

static long long host_memory(void) {
    return (long long) sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
}

static int affinity_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        return CPU_COUNT(&set);
    }
    return (int) sysconf(_SC_NPROCESSORS_ONLN);
}

/* 1 when this process runs in a cgroup whose limits apply to it (then physical_memory and
 * active_processor_count answer from them), 0 when none is mounted, 2 or 3 for a version the image
 * was not built against. */
int svm_container_initialize(int version) {
    if (version < CONTAINER_VERSION) {
        return 3; /* the image expects an older library */
    }
    if (version > CONTAINER_VERSION) {
        return 2; /* the image expects a newer library */
    }
    /* cgroup v2 when its hierarchy has the memory or cpu controller; on a hybrid host (v1
     * controllers, an empty v2 hierarchy beside them) the v1 files hold the limits. */
    if (cgroup_dir(1, NULL, memory_dir, memory_mount)) {
        char path[PATH_MAX + 32], controllers[512] = "";
        snprintf(path, sizeof(path), "%s/cgroup.controllers", memory_mount);
        FILE *f = fopen(path, "r");
        if (f != NULL) {
            if (fgets(controllers, sizeof(controllers), f) == NULL) {
                controllers[0] = 0;
            }
            fclose(f);
        }
        if (strstr(controllers, "memory") != NULL || strstr(controllers, "cpu") != NULL) {
            cgroup_v2 = 1;
            snprintf(cpu_dir, sizeof(cpu_dir), "%s", memory_dir);
            return 1;
        }
    }
    int memory = cgroup_dir(0, "memory", memory_dir, memory_mount);
    int cpu = cgroup_dir(0, "cpu", cpu_dir, NULL);
    return memory || cpu;
}

/* The smallest memory limit on the way from this cgroup up to the mount's root, or the host's
 * memory when no limit is lower. */
size_t svm_container_physical_memory(void) {
    long long host = host_memory();
    long long limit = host;
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", memory_dir);
    while (*dir) {
        long long v = read_limit(dir, cgroup_v2 ? "memory.max" : "memory.limit_in_bytes");
        if (v > 0 && v < limit) {
            limit = v;
        }
        char *slash = strrchr(dir, '/');
        if (slash == NULL || strlen(dir) <= strlen(memory_mount)) {
            break;
        }
        *slash = 0;
    }
    return (size_t) limit;
}

/* The CPU quota rounded up (cpu.max or cfs_quota_us / cfs_period_us), never more than the CPUs
 * this process may run on. */
int svm_container_active_processor_count(void) {
    int cpus = affinity_cpus();
    long long quota = -1, period = -1;
    if (cgroup_v2) {
        char path[PATH_MAX + 16];
        snprintf(path, sizeof(path), "%s/cpu.max", cpu_dir);
        FILE *f = fopen(path, "r");
        if (f != NULL) {
            char q[32] = "";
            if (fscanf(f, "%31s %lld", q, &period) == 2 && strcmp(q, "max") != 0) {
                quota = atoll(q);
            }
            fclose(f);
        }
    } else if (*cpu_dir) {
        quota = read_limit(cpu_dir, "cpu.cfs_quota_us");
        period = read_limit(cpu_dir, "cpu.cfs_period_us");
    }
    if (quota > 0 && period > 0) {
        int limit = (int) ((quota + period - 1) / period);
        if (limit < cpus) {
            cpus = limit;
        }
    }
    return cpus < 1 ? 1 : cpus;
}

/* ---- built-in JDK libraries -------------------------------------------------------------- */

/* The image calls JNI_OnLoad_<name> for each JDK library it treats as built in; here they are
 * the JDK's shared libraries, already loaded as dependencies of the executable. Each forwards to
 * the library's own JNI_OnLoad where it has one and answers JNI_VERSION_1_8, the lowest version
 * the image accepts for a built-in library. */
static jint forward_onload(const char *library, JavaVM *vm, void *reserved) {
    void *handle = dlopen(library, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == NULL) {
        fprintf(stderr, "native stand-in: %s is not loaded: %s\n", library, dlerror());
        fatal("a built-in JDK library is missing");
    }
    jint (*onload)(JavaVM *, void *) = (jint (*)(JavaVM *, void *)) dlsym(handle, "JNI_OnLoad");
    if (onload != NULL && onload(vm, reserved) < 0) {
        fprintf(stderr, "native stand-in: JNI_OnLoad of %s failed\n", library);
        fatal("a built-in JDK library did not load");
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT jint JNICALL JNI_OnLoad_java(JavaVM *vm, void *reserved) { return forward_onload("libjava.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_net(JavaVM *vm, void *reserved) { return forward_onload("libnet.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_nio(JavaVM *vm, void *reserved) { return forward_onload("libnio.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_zip(JavaVM *vm, void *reserved) { return forward_onload("libzip.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_extnet(JavaVM *vm, void *reserved) { return forward_onload("libextnet.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_management_ext(JavaVM *vm, void *reserved) { return forward_onload("libmanagement_ext.so", vm, reserved); }
