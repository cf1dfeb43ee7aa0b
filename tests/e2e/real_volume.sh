# Volumes built from the committed real template papers
# (tests/fixtures/papers): the metadata cross-check is quiet on correct
# IEEEtran, llncs and acmart papers (names with \inst and
# \IEEEauthorrefmark marks, a hyphenated three-line title, Chinese names)
# and names what a wrong manifest says; A4 and Letter papers in one volume
# are placed with their text blocks aligned; a real paper truncated,
# with a broken cross-reference offset or re-labelled PDF 2.0 gets the
# unreadable, damaged and pdf_version findings.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"
require_tools pdftotext qpdf python3

P="$SRCDIR/tests/fixtures/papers"
mkdir papers
for f in ieee-conf-letter ieee-conf-a4 lncs-a4 lncs-letter lncs-longtitle acm-sigconf acm-sigconf-cjk; do
  cp "$P/$f.pdf" papers/ || fail "copy $f.pdf"
done
LNCS_AUTHORS='[Petr Dvořák, Sara Hosseini, Lukas Schneider]'

cat > ieee.yaml <<EOF
volume: {title: Real IEEE papers, year: "2025"}
style: ieee-conference
front_matter: [toc]
back_matter: [author_index]
papers:
  - {id: chen, title: Robust Aggregation for Federated Learning under Byzantine Clients, authors: [Hongsen Chen, Maria Rossi, Kenji Watanabe], pdf: papers/ieee-conf-letter.pdf}
  - {id: nowak, title: Trimmed-Mean Aggregation with Adaptive Clipping for Cross-Device Federated Learning, authors: [Łukasz Nowak, Chiamaka Okafor], pdf: papers/ieee-conf-a4.pdf}
EOF
cat > lncs.yaml <<EOF
volume: {title: Real LNCS papers, year: "2025"}
style: lncs
front_matter: [toc]
back_matter: [author_index]
papers:
  - {id: a4, title: Incremental Verification of Smart Contracts with Proof Reuse, authors: $LNCS_AUTHORS, pdf: papers/lncs-a4.pdf}
  - {id: letter, title: Proof Caching for Deductive Verification of Evolving Contracts, authors: $LNCS_AUTHORS, pdf: papers/lncs-letter.pdf}
  - {id: long, title: "Incremental, Cache-Assisted Deductive Verification of Evolving Smart Contracts on Permissionless Blockchains with Formally Checked Proof Reuse", authors: $LNCS_AUTHORS, pdf: papers/lncs-longtitle.pdf}
EOF
cat > acm.yaml <<EOF
volume: {title: Real ACM papers, year: "2025"}
style: acm-sigconf
front_matter: [toc]
back_matter: [author_index]
papers:
  - {id: ferreira, title: Private and Adaptive Gradient Clipping for Differentially Private Training, authors: [Ana Sofia Ferreira, Daniel Okonkwo, Mei-Ling Huang], pdf: papers/acm-sigconf.pdf}
  - {id: chen, title: 面向差分隐私训练的自适应梯度裁剪, authors: [{given: 洪森, family: 陈}, {given: 晓明, family: 王}, {given: 静, family: 李}], pdf: papers/acm-sigconf-cjk.pdf}
EOF

# Correct manifests: the volumes build with no finding at all.
for v in ieee lncs acm; do
  "$COLLATE" build --no-cache -o "$v.pdf" "$v.yaml" > "$v.out" 2> "$v.err"
  expect_eq "$?" 0 "exit status of the $v build"
  expect_no_line "$v.err" 'warning|error|\[' "findings on the real $v papers"
done
expect_line ieee.out '^ieee.pdf: 10 pages, 2 papers$' "IEEE volume size"
expect_line lncs.out '^lncs.pdf: 15 pages, 3 papers$' "LNCS volume size"
expect_line acm.out '^acm.pdf: 6 pages, 2 papers$' "ACM volume size"

# The A4 IEEE paper (block left edge 40.6) on the Letter volume: its text
# block lands on the Letter block (48.96), the vertical positions stay.
line_x() { # PDF PAGE: left edge of the text, and the top of its highest line there
  pdftotext -f "$2" -l "$2" -bbox-layout "$1" - 2>/dev/null | python3 -c '
import re, sys
lines = [(float(x), float(y)) for x, y in re.findall(r"<line xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\"", sys.stdin.read())]
left = min(x for x, _ in lines)
print("%.1f %.1f" % (left, min(y for x, y in lines if x - left < 0.5)))'
}
expect_eq "$(line_x papers/ieee-conf-a4.pdf 2)" "40.6 52.2" "first line of the A4 paper's page 2"
expect_eq "$(line_x ieee.pdf 7)" "49.0 52.2" "the same line in the Letter volume (page 7)"
page_has ieee.pdf 6 'Trimmed-Mean Aggregation' && pass || fail "the A4 paper starts on page 6"

# A wrong manifest: each mistake named, as a warning that does not stop
# the build.
sed -e 's/Sara Hosseini, Lukas/Sara Hosseyni, Lukas/' -e 's/Proof Caching for/Proof Storage for/' lncs.yaml > wrong.yaml
sed -i 's/{given: 静, family: 李}/{given: 静, family: 张}/' acm.yaml
"$COLLATE" build --no-cache -o wrong.pdf wrong.yaml > wrong.out 2> wrong.err
expect_eq "$?" 0 "a build with metadata warnings still succeeds"
expect_line wrong.err "papers/lncs-a4.pdf:1: warning: paper 'a4': author 'Hosseyni' in the manifest does not appear on the first page \[metadata\]" "misspelt author"
expect_line wrong.err "papers/lncs-letter.pdf:1: warning: paper 'letter': title in the manifest 'Proof Storage for Deductive Verification of Evolving Contracts' does not appear on the first page" "wrong title"
expect_eq "$(grep -c '\[metadata\]' wrong.err)" 4 "one warning per mistake (Hosseyni in three papers, one title)"
"$COLLATE" build --no-cache -o acm2.pdf acm.yaml > acm2.out 2> acm2.err
expect_line acm2.err "papers/acm-sigconf-cjk.pdf:1: warning: paper 'chen': author '张' in the manifest does not appear on the first page \[metadata\]" "wrong Chinese family name"

# Damage on a real paper.  pdfTeX writes object streams, so a truncated
# file has no trailer left (pdfinfo cannot read it either); a wrong
# startxref offset is repaired by rebuilding the cross-reference table.
size=$(stat -c %s papers/ieee-conf-letter.pdf)
head -c $((size * 95 / 100)) papers/ieee-conf-letter.pdf > truncated.pdf
qpdf --object-streams=disable papers/ieee-conf-letter.pdf plain.pdf || fail "qpdf rewrite"
python3 - <<'EOF'
data = open('plain.pdf', 'rb').read()
at = data.rindex(b'startxref')
open('badxref.pdf', 'wb').write(data[:at] + b'startxref\n999\n%%EOF\n')
EOF
qpdf --force-version=2.0 papers/ieee-conf-letter.pdf v20.pdf || fail "qpdf --force-version"
"$COLLATE" check --style ieee-conference truncated.pdf badxref.pdf v20.pdf > damage.out 2>&1
expect_eq "$?" 1 "exit status of check with errors"
expect_line damage.out '^truncated.pdf: error: damaged beyond repair: .*trailer.* \[unreadable\]$' "truncated paper unreadable"
expect_line damage.out '^badxref.pdf: warning: the file is damaged but could be repaired \(cross-reference table rebuilt: xref not found\); re-export it to be safe \[damaged\]$' "broken startxref repaired"
expect_no_line damage.out '^badxref.pdf: error' "the repaired paper has no error"
expect_line damage.out '^v20.pdf: error: PDF version 2.0 is newer than the 1.7 this venue accepts \[pdf_version\]$' "PDF 2.0 paper"
finish
