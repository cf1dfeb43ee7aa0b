#!/bin/sh
# Run collate under Valgrind's memcheck for the end-to-end tests
# (cmake -DCOLLATE_VALGRIND=ON).  Errors and definite leaks print on
# stderr and make the exit status 97, which the tests notice.  Forked
# inspection workers are followed (they are forks, not execs); the
# thumbnail helper and other exec'd tools are not.
exec valgrind -q --error-exitcode=97 --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --child-silent-after-fork=no "$COLLATE_REAL" "$@"
