/* textfold: text folded for comparison and sorting.
 *
 * Folding works on code points with the tables below, never on the
 * locale, so every machine sorts a volume the same way:
 *  - A precomposed letter folds like its canonical decomposition without the
 *    marks, in Latin, Greek and Cyrillic alike, so text typed composed (NFC)
 *    or decomposed (NFD, as macOS produces it) folds the same: "Dvořák" is
 *    "dvorak" either way.  Cyrillic й and ё fold to и and е by this rule.
 *  - Latin letters without a decomposition go to the nearest ASCII: ß ss,
 *    æ ae, œ oe, ø o, ł l, đ and ð d, þ th, ı i, ŋ n, ĳ ij.  ü is u, not ue:
 *    "Müller" and "Mueller" are two spellings (an ORCID iD merges them).
 *  - Greek, Cyrillic and Armenian are lower-cased and stay in their script;
 *    Greek final ς is σ.  Fullwidth Latin letters and digits become ASCII.
 *  - Conjoining Hangul jamo and kana followed by a voicing mark are composed,
 *    so decomposed Korean and Japanese text folds like composed text.  Other
 *    code points (CJK ideographs, other scripts) are kept as they are.
 *  - Apostrophes, spacing modifier letters and invisible characters vanish
 *    ("O'Brien" is "obrien"); other punctuation, hyphens and spaces become a
 *    single space ("Jean-Pierre" is "jean pierre"); ends are trimmed.
 * Folded keys are compared with strcmp: UTF-8 byte order is code point
 * order, so Latin names come first (a-z), then Greek, Cyrillic, other
 * scripts, and CJK names last, by code point (not by reading). */
#include "base/textfold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"

/* A run of code points and what they fold to. */
struct fold_range {
    int32_t lo, hi;  /* code points, inclusive */
    const char *to;  /* UTF-8 replacement: "" drops, " " separates words; NULL: shift */
    int32_t shift;   /* to == NULL: the code point becomes cp + shift ... */
    int step;        /* ... for every code point (1), or for lo, lo+2, ... (2, upper/lower pairs) */
};

#define TO(lo, hi, s) {lo, hi, s, 0, 0}
#define SHIFT(lo, hi, d) {lo, hi, NULL, d, 1}
#define PAIRS(lo, hi) {lo, hi, NULL, 1, 2}

/* Sorted, non-overlapping.  Derived from the Unicode canonical decompositions
 * (the base letter, lower-cased) plus the letters named above; code points
 * not listed are kept (ASCII is handled in fold_cp). */
static const struct fold_range fold_table[] = {
    /* Latin-1 Supplement: controls, punctuation, letters */
    TO(0x0080, 0x00A9, " "), TO(0x00AA, 0x00AA, "a"), TO(0x00AB, 0x00AC, " "), /* ª */
    TO(0x00AD, 0x00AD, ""), TO(0x00AE, 0x00B1, " "), TO(0x00B2, 0x00B2, "2"), /* ² */
    TO(0x00B3, 0x00B3, "3"), TO(0x00B4, 0x00B4, ""), TO(0x00B5, 0x00B5, "\xce\xbc"), /* ³ µ */
    TO(0x00B6, 0x00B8, " "), TO(0x00B9, 0x00B9, "1"), TO(0x00BA, 0x00BA, "o"), /* ¹ º */
    TO(0x00BB, 0x00BF, " "), TO(0x00C0, 0x00C5, "a"), TO(0x00C6, 0x00C6, "ae"), /* À-Å Æ */
    TO(0x00C7, 0x00C7, "c"), TO(0x00C8, 0x00CB, "e"), TO(0x00CC, 0x00CF, "i"), /* Ç È-Ë Ì-Ï */
    TO(0x00D0, 0x00D0, "d"), TO(0x00D1, 0x00D1, "n"), TO(0x00D2, 0x00D6, "o"), /* Ð Ñ Ò-Ö */
    TO(0x00D7, 0x00D7, " "), TO(0x00D8, 0x00D8, "o"), TO(0x00D9, 0x00DC, "u"), /* Ø Ù-Ü */
    TO(0x00DD, 0x00DD, "y"), TO(0x00DE, 0x00DE, "th"), TO(0x00DF, 0x00DF, "ss"), /* Ý Þ ß */
    TO(0x00E0, 0x00E5, "a"), TO(0x00E6, 0x00E6, "ae"), TO(0x00E7, 0x00E7, "c"), /* à-å æ ç */
    TO(0x00E8, 0x00EB, "e"), TO(0x00EC, 0x00EF, "i"), TO(0x00F0, 0x00F0, "d"), /* è-ë ì-ï ð */
    TO(0x00F1, 0x00F1, "n"), TO(0x00F2, 0x00F6, "o"), TO(0x00F7, 0x00F7, " "), /* ñ ò-ö */
    TO(0x00F8, 0x00F8, "o"), TO(0x00F9, 0x00FC, "u"), TO(0x00FD, 0x00FD, "y"), /* ø ù-ü ý */
    TO(0x00FE, 0x00FE, "th"), TO(0x00FF, 0x00FF, "y"), /* þ ÿ */
    /* Latin Extended-A */
    TO(0x0100, 0x0105, "a"), TO(0x0106, 0x010D, "c"), TO(0x010E, 0x0111, "d"), /* Ā-ą Ć-č Ď-đ */
    TO(0x0112, 0x011B, "e"), TO(0x011C, 0x0123, "g"), TO(0x0124, 0x0127, "h"), /* Ē-ě Ĝ-ģ Ĥ-ħ */
    TO(0x0128, 0x0131, "i"), TO(0x0132, 0x0133, "ij"), TO(0x0134, 0x0135, "j"), /* Ĩ-ı Ĳ-ĳ Ĵ-ĵ */
    TO(0x0136, 0x0138, "k"), TO(0x0139, 0x0142, "l"), TO(0x0143, 0x014B, "n"), /* Ķ-ĸ Ĺ-ł Ń-ŋ */
    TO(0x014C, 0x0151, "o"), TO(0x0152, 0x0153, "oe"), TO(0x0154, 0x0159, "r"), /* Ō-ő Œ-œ Ŕ-ř */
    TO(0x015A, 0x0161, "s"), TO(0x0162, 0x0167, "t"), TO(0x0168, 0x0173, "u"), /* Ś-š Ţ-ŧ Ũ-ų */
    TO(0x0174, 0x0175, "w"), TO(0x0176, 0x0178, "y"), TO(0x0179, 0x017E, "z"), /* Ŵ-ŵ Ŷ-Ÿ Ź-ž */
    TO(0x017F, 0x017F, "s"), /* ſ */
    /* Latin Extended-B */
    TO(0x0180, 0x0183, "b"), TO(0x0184, 0x0184, "\xc6\x85"), TO(0x0186, 0x0186, "o"), /* ƀ-ƃ Ƅ Ɔ */
    TO(0x0187, 0x0188, "c"), TO(0x0189, 0x018C, "d"), TO(0x018E, 0x0190, "e"), /* Ƈ-ƈ Ɖ-ƌ Ǝ-Ɛ */
    TO(0x0191, 0x0192, "f"), TO(0x0193, 0x0194, "g"), TO(0x0195, 0x0195, "hv"), /* Ƒ-ƒ Ɠ-Ɣ ƕ */
    TO(0x0196, 0x0197, "i"), TO(0x0198, 0x0199, "k"), TO(0x019A, 0x019A, "l"), /* Ɩ-Ɨ Ƙ-ƙ ƚ */
    TO(0x019C, 0x019C, "\xc9\xaf"), TO(0x019D, 0x019E, "n"), TO(0x019F, 0x01A1, "o"), /* Ɯ Ɲ-ƞ Ɵ-ơ */
    TO(0x01A2, 0x01A3, "oi"), TO(0x01A4, 0x01A5, "p"), TO(0x01A6, 0x01A6, "\xca\x80"), /* Ƣ-ƣ Ƥ-ƥ Ʀ */
    TO(0x01A7, 0x01A7, "\xc6\xa8"), TO(0x01A9, 0x01A9, "s"), TO(0x01AB, 0x01AE, "t"), /* Ƨ Ʃ ƫ-Ʈ */
    TO(0x01AF, 0x01B1, "u"), TO(0x01B2, 0x01B2, "v"), TO(0x01B3, 0x01B4, "y"), /* Ư-Ʊ Ʋ Ƴ-ƴ */
    TO(0x01B5, 0x01B7, "z"), TO(0x01B8, 0x01B8, "\xc6\xb9"), TO(0x01BC, 0x01BC, "\xc6\xbd"), /* Ƶ-Ʒ Ƹ Ƽ */
    TO(0x01BF, 0x01BF, "w"), TO(0x01C4, 0x01C6, "dz"), TO(0x01C7, 0x01C9, "lj"), /* ƿ Ǆ-ǆ Ǉ-ǉ */
    TO(0x01CA, 0x01CC, "nj"), TO(0x01CD, 0x01CE, "a"), TO(0x01CF, 0x01D0, "i"), /* Ǌ-ǌ Ǎ-ǎ Ǐ-ǐ */
    TO(0x01D1, 0x01D2, "o"), TO(0x01D3, 0x01DC, "u"), TO(0x01DD, 0x01DD, "e"), /* Ǒ-ǒ Ǔ-ǜ ǝ */
    TO(0x01DE, 0x01E1, "a"), TO(0x01E2, 0x01E3, "ae"), TO(0x01E4, 0x01E7, "g"), /* Ǟ-ǡ Ǣ-ǣ Ǥ-ǧ */
    TO(0x01E8, 0x01E9, "k"), TO(0x01EA, 0x01ED, "o"), TO(0x01EE, 0x01EF, "z"), /* Ǩ-ǩ Ǫ-ǭ Ǯ-ǯ */
    TO(0x01F0, 0x01F0, "j"), TO(0x01F1, 0x01F3, "dz"), TO(0x01F4, 0x01F5, "g"), /* ǰ Ǳ-ǳ Ǵ-ǵ */
    TO(0x01F6, 0x01F6, "hv"), TO(0x01F7, 0x01F7, "w"), TO(0x01F8, 0x01F9, "n"), /* Ƕ Ƿ Ǹ-ǹ */
    TO(0x01FA, 0x01FB, "a"), TO(0x01FC, 0x01FD, "ae"), TO(0x01FE, 0x01FF, "o"), /* Ǻ-ǻ Ǽ-ǽ Ǿ-ǿ */
    TO(0x0200, 0x0203, "a"), TO(0x0204, 0x0207, "e"), TO(0x0208, 0x020B, "i"), /* Ȁ-ȃ Ȅ-ȇ Ȉ-ȋ */
    TO(0x020C, 0x020F, "o"), TO(0x0210, 0x0213, "r"), TO(0x0214, 0x0217, "u"), /* Ȍ-ȏ Ȑ-ȓ Ȕ-ȗ */
    TO(0x0218, 0x0219, "s"), TO(0x021A, 0x021B, "t"), TO(0x021C, 0x021C, "\xc8\x9d"), /* Ș-ș Ț-ț Ȝ */
    TO(0x021E, 0x021F, "h"), TO(0x0220, 0x0220, "n"), TO(0x0221, 0x0221, "d"), /* Ȟ-ȟ Ƞ ȡ */
    TO(0x0222, 0x0223, "ou"), TO(0x0224, 0x0225, "z"), TO(0x0226, 0x0227, "a"), /* Ȣ-ȣ Ȥ-ȥ Ȧ-ȧ */
    TO(0x0228, 0x0229, "e"), TO(0x022A, 0x0231, "o"), TO(0x0232, 0x0233, "y"), /* Ȩ-ȩ Ȫ-ȱ Ȳ-ȳ */
    TO(0x0234, 0x0234, "l"), TO(0x0235, 0x0235, "n"), TO(0x0236, 0x0236, "t"), /* ȴ ȵ ȶ */
    TO(0x0237, 0x0237, "j"), TO(0x023A, 0x023A, "a"), TO(0x023B, 0x023C, "c"), /* ȷ Ⱥ Ȼ-ȼ */
    TO(0x023D, 0x023D, "l"), TO(0x023E, 0x023E, "t"), TO(0x023F, 0x023F, "s"), /* Ƚ Ⱦ ȿ */
    TO(0x0240, 0x0240, "z"), TO(0x0241, 0x0241, "\xc9\x82"), TO(0x0243, 0x0243, "b"), /* ɀ Ɂ Ƀ */
    TO(0x0244, 0x0244, "u"), TO(0x0245, 0x0245, "\xca\x8c"), TO(0x0246, 0x0247, "e"), /* Ʉ Ʌ Ɇ-ɇ */
    TO(0x0248, 0x0249, "j"), TO(0x024A, 0x024B, "q"), TO(0x024C, 0x024D, "r"), /* Ɉ-ɉ Ɋ-ɋ Ɍ-ɍ */
    TO(0x024E, 0x024F, "y"), /* Ɏ-ɏ */
    /* IPA letters of African alphabets; spacing modifiers and combining marks */
    TO(0x0251, 0x0251, "a"), TO(0x0253, 0x0253, "b"), TO(0x0254, 0x0254, "o"), /* ɑ ɓ ɔ */
    TO(0x0256, 0x0257, "d"), TO(0x0259, 0x0259, "e"), TO(0x025B, 0x025B, "e"), /* ɖ-ɗ ə ɛ */
    TO(0x0263, 0x0263, "g"), TO(0x0268, 0x0269, "i"), TO(0x0272, 0x0272, "n"), /* ɣ ɨ-ɩ ɲ */
    TO(0x0283, 0x0283, "s"), TO(0x0289, 0x028A, "u"), TO(0x028B, 0x028B, "v"), /* ʃ ʉ-ʊ ʋ */
    TO(0x0292, 0x0292, "z"), TO(0x02B0, 0x036F, ""), /* ʒ ʰ-ͯ */
    /* Greek and Coptic */
    PAIRS(0x0370, 0x0372), TO(0x0374, 0x0374, ""), TO(0x0376, 0x0376, "\xcd\xb7"), /* Ͱ-Ͳ ʹ Ͷ */
    TO(0x037E, 0x037E, " "), TO(0x037F, 0x037F, "\xcf\xb3"), /* Ϳ */
    TO(0x0384, 0x0385, ""), TO(0x0386, 0x0386, "\xce\xb1"), /* Ά */
    TO(0x0387, 0x0387, " "), TO(0x0388, 0x0388, "\xce\xb5"), TO(0x0389, 0x0389, "\xce\xb7"), /* Έ Ή */
    TO(0x038A, 0x038A, "\xce\xb9"), TO(0x038C, 0x038C, "\xce\xbf"), /* Ί Ό */
    TO(0x038E, 0x038E, "\xcf\x85"), TO(0x038F, 0x038F, "\xcf\x89"), /* Ύ Ώ */
    TO(0x0390, 0x0390, "\xce\xb9"), SHIFT(0x0391, 0x03A1, 0x20), SHIFT(0x03A3, 0x03A9, 0x20), /* ΐ Α-Ρ Σ-Ω */
    TO(0x03AA, 0x03AA, "\xce\xb9"), TO(0x03AB, 0x03AB, "\xcf\x85"), /* Ϊ Ϋ */
    TO(0x03AC, 0x03AC, "\xce\xb1"), TO(0x03AD, 0x03AD, "\xce\xb5"), /* ά έ */
    TO(0x03AE, 0x03AE, "\xce\xb7"), TO(0x03AF, 0x03AF, "\xce\xb9"), /* ή ί */
    TO(0x03B0, 0x03B0, "\xcf\x85"), TO(0x03C2, 0x03C2, "\xcf\x83"), /* ΰ ς */
    TO(0x03CA, 0x03CA, "\xce\xb9"), TO(0x03CB, 0x03CB, "\xcf\x85"), /* ϊ ϋ */
    TO(0x03CC, 0x03CC, "\xce\xbf"), TO(0x03CD, 0x03CD, "\xcf\x85"), /* ό ύ */
    TO(0x03CE, 0x03CE, "\xcf\x89"), TO(0x03CF, 0x03CF, "\xcf\x97"), /* ώ Ϗ */
    TO(0x03D3, 0x03D4, "\xcf\x92"), PAIRS(0x03D8, 0x03EE), TO(0x03F4, 0x03F4, "\xce\xb8"), /* ϓ-ϔ Ϙ-Ϯ ϴ */
    TO(0x03F7, 0x03F7, "\xcf\xb8"), TO(0x03F9, 0x03F9, "\xcf\xb2"), /* Ϸ Ϲ */
    TO(0x03FA, 0x03FA, "\xcf\xbb"), SHIFT(0x03FD, 0x03FF, -0x82), /* Ϻ Ͻ-Ͽ */
    /* Cyrillic */
    TO(0x0400, 0x0401, "\xd0\xb5"), TO(0x0402, 0x0402, "\xd1\x92"), /* Ѐ-Ё Ђ */
    TO(0x0403, 0x0403, "\xd0\xb3"), SHIFT(0x0404, 0x0406, 0x50), /* Ѓ Є-І */
    TO(0x0407, 0x0407, "\xd1\x96"), SHIFT(0x0408, 0x040B, 0x50), /* Ї Ј-Ћ */
    TO(0x040C, 0x040C, "\xd0\xba"), TO(0x040D, 0x040D, "\xd0\xb8"), /* Ќ Ѝ */
    TO(0x040E, 0x040E, "\xd1\x83"), TO(0x040F, 0x040F, "\xd1\x9f"), /* Ў Џ */
    SHIFT(0x0410, 0x0418, 0x20), TO(0x0419, 0x0419, "\xd0\xb8"), SHIFT(0x041A, 0x042F, 0x20), /* А-И Й К-Я */
    TO(0x0439, 0x0439, "\xd0\xb8"), TO(0x0450, 0x0451, "\xd0\xb5"), /* й ѐ-ё */
    TO(0x0453, 0x0453, "\xd0\xb3"), TO(0x0457, 0x0457, "\xd1\x96"), /* ѓ ї */
    TO(0x045C, 0x045C, "\xd0\xba"), TO(0x045D, 0x045D, "\xd0\xb8"), /* ќ ѝ */
    TO(0x045E, 0x045E, "\xd1\x83"), PAIRS(0x0460, 0x0474), TO(0x0476, 0x0477, "\xd1\xb5"), /* ў Ѡ-Ѵ Ѷ-ѷ */
    PAIRS(0x0478, 0x0480), TO(0x0483, 0x0489, ""), PAIRS(0x048A, 0x04BE), /* Ѹ-Ҁ Ҋ-Ҿ */
    TO(0x04C0, 0x04C0, "\xd3\x8f"), TO(0x04C1, 0x04C2, "\xd0\xb6"), PAIRS(0x04C3, 0x04CD), /* Ӏ Ӂ-ӂ Ӄ-Ӎ */
    TO(0x04D0, 0x04D3, "\xd0\xb0"), TO(0x04D4, 0x04D4, "\xd3\x95"), /* Ӑ-ӓ Ӕ */
    TO(0x04D6, 0x04D7, "\xd0\xb5"), TO(0x04D8, 0x04D8, "\xd3\x99"), /* Ӗ-ӗ Ә */
    TO(0x04DA, 0x04DB, "\xd3\x99"), TO(0x04DC, 0x04DD, "\xd0\xb6"), /* Ӛ-ӛ Ӝ-ӝ */
    TO(0x04DE, 0x04DF, "\xd0\xb7"), TO(0x04E0, 0x04E0, "\xd3\xa1"), /* Ӟ-ӟ Ӡ */
    TO(0x04E2, 0x04E5, "\xd0\xb8"), TO(0x04E6, 0x04E7, "\xd0\xbe"), /* Ӣ-ӥ Ӧ-ӧ */
    TO(0x04E8, 0x04E8, "\xd3\xa9"), TO(0x04EA, 0x04EB, "\xd3\xa9"), /* Ө Ӫ-ӫ */
    TO(0x04EC, 0x04ED, "\xd1\x8d"), TO(0x04EE, 0x04F3, "\xd1\x83"), /* Ӭ-ӭ Ӯ-ӳ */
    TO(0x04F4, 0x04F5, "\xd1\x87"), TO(0x04F6, 0x04F6, "\xd3\xb7"), /* Ӵ-ӵ Ӷ */
    TO(0x04F8, 0x04F9, "\xd1\x8b"), PAIRS(0x04FA, 0x052E), /* Ӹ-ӹ Ӻ-Ԯ */
    /* Armenian */
    SHIFT(0x0531, 0x0556, 0x30), /* Ա-Ֆ */
    /* combining marks */
    TO(0x1AB0, 0x1AFF, ""), TO(0x1DC0, 0x1DFF, ""),
    /* Latin Extended Additional (Vietnamese and others) */
    TO(0x1E00, 0x1E01, "a"), TO(0x1E02, 0x1E07, "b"), TO(0x1E08, 0x1E09, "c"), /* Ḁ-ḁ Ḃ-ḇ Ḉ-ḉ */
    TO(0x1E0A, 0x1E13, "d"), TO(0x1E14, 0x1E1D, "e"), TO(0x1E1E, 0x1E1F, "f"), /* Ḋ-ḓ Ḕ-ḝ Ḟ-ḟ */
    TO(0x1E20, 0x1E21, "g"), TO(0x1E22, 0x1E2B, "h"), TO(0x1E2C, 0x1E2F, "i"), /* Ḡ-ḡ Ḣ-ḫ Ḭ-ḯ */
    TO(0x1E30, 0x1E35, "k"), TO(0x1E36, 0x1E3D, "l"), TO(0x1E3E, 0x1E43, "m"), /* Ḱ-ḵ Ḷ-ḽ Ḿ-ṃ */
    TO(0x1E44, 0x1E4B, "n"), TO(0x1E4C, 0x1E53, "o"), TO(0x1E54, 0x1E57, "p"), /* Ṅ-ṋ Ṍ-ṓ Ṕ-ṗ */
    TO(0x1E58, 0x1E5F, "r"), TO(0x1E60, 0x1E69, "s"), TO(0x1E6A, 0x1E71, "t"), /* Ṙ-ṟ Ṡ-ṩ Ṫ-ṱ */
    TO(0x1E72, 0x1E7B, "u"), TO(0x1E7C, 0x1E7F, "v"), TO(0x1E80, 0x1E89, "w"), /* Ṳ-ṻ Ṽ-ṿ Ẁ-ẉ */
    TO(0x1E8A, 0x1E8D, "x"), TO(0x1E8E, 0x1E8F, "y"), TO(0x1E90, 0x1E95, "z"), /* Ẋ-ẍ Ẏ-ẏ Ẑ-ẕ */
    TO(0x1E96, 0x1E96, "h"), TO(0x1E97, 0x1E97, "t"), TO(0x1E98, 0x1E98, "w"), /* ẖ ẗ ẘ */
    TO(0x1E99, 0x1E99, "y"), TO(0x1E9A, 0x1E9A, "a"), TO(0x1E9B, 0x1E9D, "s"), /* ẙ ẚ ẛ-ẝ */
    TO(0x1E9E, 0x1E9E, "ss"), TO(0x1EA0, 0x1EB7, "a"), TO(0x1EB8, 0x1EC7, "e"), /* ẞ Ạ-ặ Ẹ-ệ */
    TO(0x1EC8, 0x1ECB, "i"), TO(0x1ECC, 0x1EE3, "o"), TO(0x1EE4, 0x1EF1, "u"), /* Ỉ-ị Ọ-ợ Ụ-ự */
    TO(0x1EF2, 0x1EF9, "y"), PAIRS(0x1EFA, 0x1EFC), TO(0x1EFE, 0x1EFF, "y"), /* Ỳ-ỹ Ỻ-Ỽ Ỿ-ỿ */
    /* Greek Extended (polytonic) */
    TO(0x1F00, 0x1F0F, "\xce\xb1"), TO(0x1F10, 0x1F15, "\xce\xb5"), /* ἀ-Ἇ ἐ-ἕ */
    TO(0x1F18, 0x1F1D, "\xce\xb5"), TO(0x1F20, 0x1F2F, "\xce\xb7"), /* Ἐ-Ἕ ἠ-Ἧ */
    TO(0x1F30, 0x1F3F, "\xce\xb9"), TO(0x1F40, 0x1F45, "\xce\xbf"), /* ἰ-Ἷ ὀ-ὅ */
    TO(0x1F48, 0x1F4D, "\xce\xbf"), TO(0x1F50, 0x1F57, "\xcf\x85"), /* Ὀ-Ὅ ὐ-ὗ */
    TO(0x1F59, 0x1F59, "\xcf\x85"), TO(0x1F5B, 0x1F5B, "\xcf\x85"), /* Ὑ Ὓ */
    TO(0x1F5D, 0x1F5D, "\xcf\x85"), TO(0x1F5F, 0x1F5F, "\xcf\x85"), /* Ὕ Ὗ */
    TO(0x1F60, 0x1F6F, "\xcf\x89"), TO(0x1F70, 0x1F71, "\xce\xb1"), /* ὠ-Ὧ ὰ-ά */
    TO(0x1F72, 0x1F73, "\xce\xb5"), TO(0x1F74, 0x1F75, "\xce\xb7"), /* ὲ-έ ὴ-ή */
    TO(0x1F76, 0x1F77, "\xce\xb9"), TO(0x1F78, 0x1F79, "\xce\xbf"), /* ὶ-ί ὸ-ό */
    TO(0x1F7A, 0x1F7B, "\xcf\x85"), TO(0x1F7C, 0x1F7D, "\xcf\x89"), /* ὺ-ύ ὼ-ώ */
    TO(0x1F80, 0x1F8F, "\xce\xb1"), TO(0x1F90, 0x1F9F, "\xce\xb7"), /* ᾀ-ᾏ ᾐ-ᾟ */
    TO(0x1FA0, 0x1FAF, "\xcf\x89"), TO(0x1FB0, 0x1FB4, "\xce\xb1"), /* ᾠ-ᾯ ᾰ-ᾴ */
    TO(0x1FB6, 0x1FBC, "\xce\xb1"), TO(0x1FBD, 0x1FBD, ""), TO(0x1FBE, 0x1FBE, "\xce\xb9"), /* ᾶ-ᾼ ι */
    TO(0x1FBF, 0x1FC1, ""),
    TO(0x1FC2, 0x1FC4, "\xce\xb7"), TO(0x1FC6, 0x1FC7, "\xce\xb7"), /* ῂ-ῄ ῆ-ῇ */
    TO(0x1FC8, 0x1FC9, "\xce\xb5"), TO(0x1FCA, 0x1FCC, "\xce\xb7"), TO(0x1FCD, 0x1FCF, ""), /* Ὲ-Έ Ὴ-ῌ */
    TO(0x1FD0, 0x1FD3, "\xce\xb9"), TO(0x1FD6, 0x1FDB, "\xce\xb9"), TO(0x1FDD, 0x1FDF, ""), /* ῐ-ΐ ῖ-Ί */
    TO(0x1FE0, 0x1FE3, "\xcf\x85"), TO(0x1FE4, 0x1FE5, "\xcf\x81"), /* ῠ-ΰ ῤ-ῥ */
    TO(0x1FE6, 0x1FEB, "\xcf\x85"), TO(0x1FEC, 0x1FEC, "\xcf\x81"), TO(0x1FED, 0x1FEF, ""), /* ῦ-Ύ Ῥ */
    TO(0x1FF2, 0x1FF4, "\xcf\x89"), TO(0x1FF6, 0x1FF7, "\xcf\x89"), /* ῲ-ῴ ῶ-ῷ */
    TO(0x1FF8, 0x1FF9, "\xce\xbf"), TO(0x1FFA, 0x1FFC, "\xcf\x89"), TO(0x1FFD, 0x1FFE, ""), /* Ὸ-Ό Ὼ-ῼ */
    /* General Punctuation, combining marks for symbols */
    TO(0x2000, 0x200A, " "), TO(0x200B, 0x200F, ""), TO(0x2010, 0x2017, " "),
    TO(0x2018, 0x2019, ""), TO(0x201A, 0x2029, " "), TO(0x202A, 0x202E, ""),
    TO(0x202F, 0x205F, " "), TO(0x2060, 0x206F, ""), TO(0x20D0, 0x20FF, ""),
    /* CJK punctuation */
    TO(0x3000, 0x3004, " "), TO(0x3008, 0x3011, " "), TO(0x3014, 0x301F, " "),
    TO(0x30FB, 0x30FB, " "),
    /* variation selectors, vertical and small forms, BOM */
    TO(0xFE00, 0xFE0F, ""), TO(0xFE10, 0xFE19, " "), TO(0xFE20, 0xFE2F, ""),
    TO(0xFE30, 0xFE6B, " "), TO(0xFEFF, 0xFEFF, ""),
    /* fullwidth ASCII */
    TO(0xFF01, 0xFF0F, " "), SHIFT(0xFF10, 0xFF19, -0xFEE0), TO(0xFF1A, 0xFF20, " "), /* ０-９ */
    SHIFT(0xFF21, 0xFF3A, -0xFEC0), TO(0xFF3B, 0xFF40, " "), SHIFT(0xFF41, 0xFF5A, -0xFEE0), /* Ａ-Ｚ ａ-ｚ */
    TO(0xFF5B, 0xFF65, " "),
    /* tags, variation selectors supplement */
    TO(0xE0000, 0xE007F, ""), TO(0xE0100, 0xE01EF, ""),
};

#undef TO
#undef SHIFT
#undef PAIRS

static int range_cmp(const void *key, const void *elem)
{
    int32_t cp = *(const int32_t *)key;
    const struct fold_range *r = elem;
    return cp < r->lo ? -1 : cp > r->hi ? 1 : 0;
}

/* The folded form of one code point: a string, "" to drop it, " " for a
 * word break.  buf (5 bytes) holds computed results. */
static const char *fold_cp(int32_t cp, char *buf)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        else if (cp == '\'' || cp == '`')
            return "";
        else if (!(cp >= 'a' && cp <= 'z') && !(cp >= '0' && cp <= '9'))
            return " ";
        buf[0] = (char)cp;
        buf[1] = '\0';
        return buf;
    }
    const struct fold_range *r = bsearch(&cp, fold_table, ARRAY_SIZE(fold_table), sizeof(fold_table[0]), range_cmp);
    if (r && r->to)
        return r->to;
    if (r && (r->step == 1 || (cp - r->lo) % 2 == 0))
        cp += r->shift;
    buf[utf8_encode(cp, buf)] = '\0';
    return buf;
}

/* The code point that a followed by b composes to, or -1: conjoining Hangul
 * jamo (the Unicode algorithm) and kana with a voicing mark. */
static int32_t compose(int32_t a, int32_t b)
{
    if (a >= 0x1100 && a <= 0x1112 && b >= 0x1161 && b <= 0x1175) /* leading consonant + vowel */
        return 0xAC00 + ((a - 0x1100) * 21 + (b - 0x1161)) * 28;
    if (a >= 0xAC00 && a <= 0xD7A3 && (a - 0xAC00) % 28 == 0 && b >= 0x11A8 && b <= 0x11C2) /* + final */
        return a + (b - 0x11A7);
    if (b != 0x3099 && b != 0x309A) /* the rest: kana + combining (semi-)voiced sound mark */
        return -1;
    if (a == 0x309D || a == 0x30FD) /* iteration marks */
        return b == 0x3099 ? a + 1 : -1;
    if (a >= 0x30EF && a <= 0x30F2) /* katakana wa, wi, we, wo */
        return b == 0x3099 ? a + 8 : -1;
    int32_t kata = a >= 0x30A1 && a <= 0x30F6 ? 0x60 : 0; /* katakana: the same layout as hiragana */
    int32_t h = a - kata;
    if (h == 0x3046) /* u */
        return b == 0x3099 ? a + 0x4E : -1;
    if (b == 0x3099 && ((h >= 0x304B && h <= 0x3061 && (h - 0x304B) % 2 == 0) || /* ka .. chi */
                        (h >= 0x3064 && h <= 0x3068 && (h - 0x3064) % 2 == 0)))  /* tsu, te, to */
        return a + 1;
    if (h >= 0x306F && h <= 0x307B && (h - 0x306F) % 3 == 0) /* ha .. ho: ba, pa */
        return a + (b == 0x3099 ? 1 : 2);
    return -1;
}

char *text_fold(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    size_t n = s ? strlen(s) : 0;
    bool space = false; /* a word break is pending */
    int32_t last = -1;  /* the last code point written, kept as it was, or -1 */
    size_t last_at = 0; /* where it starts in sb */
    while (n > 0) {
        int32_t cp = utf8_next(&s, &n);
        if (cp < 0)
            continue; /* invalid bytes are dropped */
        char buf[5];
        const char *f = fold_cp(cp, buf);
        int32_t c = !space && last >= 0 && f == buf ? compose(last, cp) : -1;
        if (c >= 0) { /* composing on the output keeps folding idempotent */
            sb.len = last_at;
            f = buf;
            buf[utf8_encode(c, buf)] = '\0';
            cp = c;
        } else if (f[0] == ' ') {
            space = true;
            last = -1;
            continue;
        } else if (!f[0]) {
            continue;
        } else if (space && sb.len) {
            strbuf_addch(&sb, ' ');
        }
        space = false;
        last_at = sb.len;
        last = f == buf ? cp : -1;
        strbuf_adds(&sb, f);
    }
    return strbuf_detach(&sb);
}
