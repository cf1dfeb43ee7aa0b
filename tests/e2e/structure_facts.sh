# collate check finds JavaScript and attached files where they hide
# (bookmarks, /AF arrays) and names the place, on the committed fixtures.
. "$(dirname "$0")/lib.sh"

FIX=$SRCDIR/tests/fixtures/papers

check() { # check NAME: run on the fixture NAME.pdf into NAME.out
  "$COLLATE" check --style ieee-conference "$FIX/$1.pdf" > "$1.out" 2> "$1.err"
  echo $? > "$1.rc"
}

check ieee-js-bookmark
expect_eq "$(cat ieee-js-bookmark.rc)" 1 "JavaScript in a bookmark is an error"
expect_line ieee-js-bookmark.out "error: the file contains JavaScript \(bookmark 'Interactive demo'\) \[javascript\]$"

check ieee-af-attachment
expect_eq "$(cat ieee-af-attachment.rc)" 1 "a file only in the catalog's /AF is an error"
expect_line ieee-af-attachment.out 'error: the file carries 1 attached file \(results.csv in catalog /AF\) \[attachment\]$'

# In /EmbeddedFiles and in /AF: one file, counted once.
check ieee-attachment
expect_line ieee-attachment.out 'error: the file carries 1 attached file \(results.csv\) \[attachment\]$'

check ieee-attachment-annot
expect_line ieee-attachment-annot.out ':2: error: the file carries 1 attached file \(results.csv\) \[attachment\]$'

# Clean papers: none of these.
for f in ieee-conf-letter lncs-a4 acm-sigconf; do
  check $f
  expect_no_line $f.out '\[(javascript|attachment|damaged|font_not_embedded)\]'
done

finish
