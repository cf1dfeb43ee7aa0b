#!/bin/sh
# Run collate under Valgrind's memcheck for the end-to-end tests
# (cmake -DCOLLATE_VALGRIND=ON).  Errors and definite leaks print on
# stderr and make the exit status 97, which the tests notice.  Forked
# children (inspection workers, thumbnail renderers) are checked too;
# valgrind.supp says which of their reports are expected.
exec valgrind -q --error-exitcode=97 --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --child-silent-after-fork=no \
  --suppressions="$(dirname "$0")/valgrind.supp" "$COLLATE_REAL" "$@"
