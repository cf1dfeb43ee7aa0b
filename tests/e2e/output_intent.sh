# A paper with an output intent (/OutputIntents, as PDF/A files and office
# tools write) is measured as without one: collate reads its bounding
# boxes, text and images from a copy without the key (poppler builds
# colour transforms from the profile for every pass otherwise) and renders
# with the profile.  Pages 2 and 3 have defects and are measured, so every
# pass runs; page 1 fits the text block and takes the fast path.
. "$(dirname "$0")/lib.sh"
require_tools qpdf
icc=
for f in /usr/share/color/icc/ghostscript/srgb.icc /usr/share/color/icc/ghostscript/default_rgb.icc \
         /usr/share/texlive/texmf-dist/tex/generic/colorprofiles/sRGB.icc; do
  [ -f "$f" ] && { icc=$f; break; }
done
[ -n "$icc" ] || skip "no RGB ICC profile installed (ghostscript or texlive-base)"

"$MKPAPER" --out plain.pdf --pages 3 --seed 7 --image --text-into-margin right:20:2 --image-into-margin left:15:3 \
  --title "Output Intent" --authors "Ada Lovelace"
"$PDFMUTATE" plain.pdf intent.pdf "output-intent:$icc"
# The key is in the file's bytes, not inside an object stream.
expect_eq "$(grep -ac '/OutputIntents' intent.pdf)" 1 "catalog key in the bytes"
expect_eq "$(qpdf --check intent.pdf > /dev/null 2>&1; echo $?)" 0 \
  "qpdf --check of the mutated paper"

"$COLLATE" inspect --style ieee-conference plain.pdf > plain.json 2> plain.err
"$COLLATE" inspect --style ieee-conference intent.pdf > intent.json 2> intent.err
expect_eq "$(grep -c '"measured": true' intent.json)" 2 "pages measured"
sed 's/intent\.pdf/plain.pdf/' intent.json > intent.same.json
if cmp -s plain.json intent.same.json; then pass; else fail "measurements differ with an output intent"; diff plain.json intent.same.json | head -20 >&2; fi

"$COLLATE" check --style ieee-conference intent.pdf > check.out 2>&1
expect_line check.out '^intent\.pdf:2: error: text extends 2[01]\.[0-9] pt past the right edge.*\[margin\]' \
  "the text in the right margin of page 2"
expect_line check.out '^intent\.pdf:3: error: an image extends 1[56]\.[0-9] pt past the left edge.*\[margin\]' \
  "the image in the left margin of page 3"
finish
