/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Compiler helpers for the BPF programs (the kernel's compiler.h, reduced). */
#ifndef TYR_COMPILER_H
#define TYR_COMPILER_H

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* One load the compiler may neither repeat nor tear (the kernel's READ_ONCE). */
#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))

/* Values and flags that vmlinux.h cannot carry (they are macros in the kernel). */
#define EPERM 1
#define AF_INET 2
#define AF_INET6 10
#define AT_FDCWD -100
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_TRUNC 00001000
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_EXEC 0x20
#define PF_KTHREAD 0x00200000
#define S_IFMT 00170000
#define S_IFSOCK 0140000

#endif /* TYR_COMPILER_H */
