# reltools: one non-recursive Makefile.
#
#   make                 build bin/<tool> for every cmd/<tool>.c
#   make check           shell tests, C unit tests and fuzz-corpus replay, via prove
#   make bench           benchmarks (figures and ratios, never pass/fail)
#   make lint            mandoc -T lint -W warning over man/
#   make fuzz            libFuzzer binaries (clang) in build/fuzz/
#   make install         PREFIX (/usr/local) and DESTDIR honoured
#   make demo            the README's first command: the pipeline on a local example
#
# Switches: WERROR=1 adds -Werror; SANITIZE=address,undefined builds
# everything with those sanitizers.

# The version the tools report (--version); VERSION is the one being
# released by make release.
RELTOOLS_VERSION = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man/man1
DATADIR   = $(PREFIX)/share/reltools

CC       ?= cc
CFLAGS   ?= -O2 -g
PKGS      = libgit2 libcurl jansson
PROVE    ?= prove
PROVEFLAGS ?= -j2

WARNINGS  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wvla
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
ifneq ($(SANITIZE),)
SANFLAGS  = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DRELTOOLS_VERSION='"$(RELTOOLS_VERSION)"' -Ilib $(PKG_CFLAGS) \
              $(WARNINGS) $(SANFLAGS) $(CFLAGS) $(CPPFLAGS)
# --as-needed: each program loads only the libraries it uses (loading
# libgit2 and libcurl costs milliseconds at every start).
ALL_LDFLAGS = -Wl,--as-needed $(SANFLAGS) $(LDFLAGS)
LIBS        = $(PKG_LIBS) -lm
# What a program links: LIBS, dynamically, except rel-changelog. It needs
# only jansson and the C library, both shipped as static libraries by
# Debian, and linked statically (static-pie, so still at a random address)
# it starts in about 0.3 ms instead of 0.5: most of a run on a changelog of
# usual size. The sanitizers need the dynamic runtime: not with SANITIZE.
TOOL_LDFLAGS =
TOOL_LIBS    = $(LIBS)
# The bench's helper that measures the durable rewrite alone, the floor
# under rel-changelog release -i, is linked the same way.
ifeq ($(SANITIZE),)
bin/rel-changelog build/tests/rewrite: TOOL_LDFLAGS = -static-pie
bin/rel-changelog build/tests/rewrite: TOOL_LIBS = -ljansson -lm
endif

TOOLS     = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS      = $(TOOLS:%=bin/%)
LIB_SRCS  = $(wildcard lib/*/*.c)
LIB_OBJS  = $(patsubst %.c,build/%.o,$(LIB_SRCS))
UNIT_BINS = $(patsubst tests/unit/%.c,build/tests/%,$(filter-out tests/unit/tap.c,$(wildcard tests/unit/*.c)))
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz-%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
REPLAY_BINS = $(FUZZ_NAMES:%=build/tests/replay-%)
HELPER_BINS = $(patsubst tests/helpers/%.c,build/tests/%,$(wildcard tests/helpers/*.c))
MANPAGES  = $(wildcard man/*.1)

all: $(BINS)

# Rebuild everything when the flags change (SANITIZE on or off, say).
build/.flags: FORCE
	@mkdir -p build
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)' | cmp -s - $@ || \
	 echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)' > $@

# Quiet unless V=1.
ifneq ($(V),1)
Q = @
QUIET_CC = @echo '  CC      $@';
QUIET_LINK = @echo '  LINK    $@';
endif

build/%.o: %.c build/.flags
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/libreltools.a: $(LIB_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

bin/%: build/cmd/%.o build/libreltools.a
	@mkdir -p bin
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) $(TOOL_LDFLAGS) -o $@ $< \
	    build/libreltools.a $(TOOL_LIBS)

build/tests/%: build/tests/unit/%.o build/tests/unit/tap.o build/libreltools.a
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# A helper's companion sources, tests/helpers/NAME/*.c, are linked into
# build/tests/NAME only.
helper_objs = $(patsubst %.c,build/%.o,$(wildcard tests/helpers/$(1)/*.c))
.SECONDEXPANSION:
build/tests/%: build/tests/helpers/%.o $$(call helper_objs,$$*) build/libreltools.a
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) $(TOOL_LDFLAGS) -o $@ $^ $(TOOL_LIBS)

build/tests/replay-%: build/tests/fuzz/fuzz-%.o build/tests/fuzz/replay.o build/libreltools.a
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# libFuzzer builds, for fuzzing by hand: build/fuzz/<name> CORPUS_DIR
FUZZ_CC ?= clang
fuzz: $(FUZZ_NAMES:%=build/fuzz/%)
build/fuzz/%: tests/fuzz/fuzz-%.c $(LIB_SRCS) $(wildcard lib/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
	  -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DRELTOOLS_VERSION='"$(RELTOOLS_VERSION)"' \
	  -Ilib $(PKG_CFLAGS) -o $@ $< $(LIB_SRCS) $(LIBS)

check: $(BINS) $(UNIT_BINS) $(REPLAY_BINS) $(HELPER_BINS)
	$(PROVE) $(PROVEFLAGS) $(UNIT_BINS) $(REPLAY_BINS) tests/t[0-9]*.sh

bench: $(BINS) $(HELPER_BINS)
	@for b in $(filter-out tests/bench/lib.sh,$(wildcard tests/bench/*.sh)); do \
	  sh "$$b" || exit 1; done

lint:
	mandoc -T lint -W warning $(MANPAGES)

demo: $(BINS) $(HELPER_BINS)
	@sh tests/example/demo.sh

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)
	install -m 644 release.mk $(DESTDIR)$(DATADIR)

clean:
	rm -rf bin build

# The release recipes, as installed for other projects, over our bin/.
RELTOOLS_BIN = $(CURDIR)/bin
include release.mk
$(RELEASE_TARGETS): $(BINS)

FORCE:
.PHONY: all check bench lint fuzz demo install clean FORCE
.SECONDARY:
.DELETE_ON_ERROR:

-include $(shell find build -name '*.d' 2>/dev/null)
