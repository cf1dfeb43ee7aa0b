/* Unit tests: textflow boxes (words, faces, CJK, break rules), greedy line
 * breaking with a fake measure, long-word splitting, inline markup and the
 * Markdown-lite block parser. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, dup (CMake defines it too) */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "capture.h"
#include "typeset/textflow.h"

/* A monospaced face: each code point is size/10 pt wide, twice that in
 * bold, so at size 10 widths count characters.  Counts its calls. */
static int measure_calls;

static double fake_measure(void *ctx, int face, double size, const char *text, size_t len)
{
    (void)ctx;
    measure_calls++;
    const char *s = text;
    size_t n = len, cps = 0;
    while (n > 0) {
        utf8_next(&s, &n);
        cps++;
    }
    return (double)cps * size / 10 * ((face & TF_BOLD) ? 2 : 1);
}

/* The boxes of p as "text" per box, space-separated, with markers: '_' before
 * a box with a space before it, '^' before a box a line may start with
 * (without a space), and the face as a digit after a non-regular box. */
static char *boxes(const struct tf_para *p)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->n; i++) {
        const struct tf_box *b = &p->boxes[i];
        if (i)
            strbuf_addch(&sb, ' ');
        if (b->space)
            strbuf_addch(&sb, '_');
        else if (b->breakable)
            strbuf_addch(&sb, '^');
        strbuf_add(&sb, tf_box_text(p, b), b->len);
        if (b->face)
            strbuf_addf(&sb, "%d", b->face);
    }
    return strbuf_detach(&sb);
}

static void assert_boxes(const struct tf_para *p, const char *want)
{
    char *got = boxes(p);
    if (strcmp(got, want))
        fail_msg("boxes: got '%s', want '%s'", got, want);
    free(got);
}

/* Lines of a measured paragraph as "text text|text", boxes joined by ' '
 * when glued by a space and directly otherwise. */
static char *lines_of(struct tf_para *p, double first, double width)
{
    struct tf_line *lines;
    size_t n = tf_para_break(p, first, width, &lines);
    struct strbuf sb = STRBUF_INIT;
    for (size_t l = 0; l < n; l++) {
        if (l)
            strbuf_addch(&sb, '|');
        for (size_t i = lines[l].first; i < lines[l].first + lines[l].count; i++) {
            if (i > lines[l].first && p->boxes[i].glue > 0)
                strbuf_addch(&sb, ' ');
            strbuf_add(&sb, tf_box_text(p, &p->boxes[i]), p->boxes[i].len);
        }
    }
    free(lines);
    return strbuf_detach(&sb);
}

static void assert_lines(const char *text, double first, double width, const char *want)
{
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text, strlen(text), TF_REGULAR, 10);
    tf_para_measure(&p, fake_measure, NULL);
    char *got = lines_of(&p, first, width);
    if (strcmp(got, want))
        fail_msg("'%s' in %g/%g: got '%s', want '%s'", text, first, width, got, want);
    free(got);
    tf_para_release(&p);
}

static void test_words(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, "  Hello,  world\tof\n\rboxes ", 26, TF_REGULAR, 10);
    assert_boxes(&p, "Hello, _world _of _boxes");
    /* Text without its spaces. */
    assert_int_equal(p.text.len, strlen("Hello,worldofboxes"));
    assert_memory_equal(p.text.buf, "Hello,worldofboxes", p.text.len);
    /* Control characters, soft hyphens and BOMs are dropped, a NUL too. */
    tf_para_clear(&p);
    tf_para_add(&p,
                "a\x01"
                "b\xC2\xAD"
                "c\xEF\xBB\xBF"
                "d\0e",
                12, TF_REGULAR, 10);
    assert_boxes(&p, "abcde");
    /* Invalid UTF-8 becomes U+FFFD. */
    tf_para_clear(&p);
    tf_para_add(&p, "a\xFFz", 3, TF_REGULAR, 10);
    assert_boxes(&p, "a\xEF\xBF\xBDz");
    /* A zero-width space is a break without a space; other spaces separate. */
    tf_para_clear(&p);
    tf_para_add(&p,
                "ab\xE2\x80\x8B"
                "cd\xE3\x80\x80"
                "ef\xE2\x80\x83gh",
                17, TF_REGULAR, 10);
    assert_boxes(&p, "ab ^cd _ef _gh");
    /* Empty input adds nothing. */
    tf_para_clear(&p);
    tf_para_add(&p, "", 0, TF_REGULAR, 10);
    tf_para_add(&p, "   ", 3, TF_REGULAR, 10);
    assert_int_equal(p.n, 0);
    tf_para_release(&p);
}

/* Pieces added by separate calls join into one word unless a space or a
 * change of face or size separates them. */
static void test_faces(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, "foo", 3, TF_REGULAR, 10);
    tf_para_add(&p, "bar", 3, TF_REGULAR, 10);
    tf_para_add(&p, "baz", 3, TF_BOLD, 10);
    tf_para_add_space(&p);
    tf_para_add(&p, "qux", 3, TF_ITALIC, 10);
    tf_para_add(&p, "big", 3, TF_ITALIC, 12);
    tf_para_add(&p, " end", 4, TF_ITALIC, 12);
    assert_boxes(&p, "foobar baz1 _qux2 big2 _end2");
    assert_false(p.boxes[1].breakable); /* "foobarbaz" is one word in two faces */
    assert_false(p.boxes[3].breakable);
    assert_true(p.boxes[2].breakable);
    assert_true(p.boxes[3].size == 12);
    /* A trailing space carries over to the next call. */
    tf_para_clear(&p);
    tf_para_add(&p, "a ", 2, TF_REGULAR, 10);
    tf_para_add(&p, "b", 1, TF_REGULAR, 10);
    assert_boxes(&p, "a _b");
    tf_para_release(&p);
}

static void test_cjk_boxes(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    /* 漢字。かな: one box per character; no line starts with 。 */
    const char *t = "\xE6\xBC\xA2\xE5\xAD\x97\xE3\x80\x82\xE3\x81\x8B\xE3\x81\xAA";
    tf_para_add(&p, t, strlen(t), TF_REGULAR, 10);
    assert_int_equal(p.n, 5);
    assert_false(p.boxes[0].breakable);
    assert_true(p.boxes[1].breakable);
    assert_false(p.boxes[2].breakable); /* 。 */
    assert_true(p.boxes[3].breakable);
    assert_true(p.boxes[4].cjk);
    /* Latin after CJK may start a line; a small kana may not. */
    tf_para_clear(&p);
    t = "\xE6\xBC\xA2"
        "ab\xE3\x83\x83"; /* 漢 ab ッ */
    tf_para_add(&p, t, strlen(t), TF_REGULAR, 10);
    assert_boxes(&p, "\xE6\xBC\xA2 ^ab \xE3\x83\x83");
    assert_false(p.boxes[2].breakable);
    /* No break after an opening bracket: 「 may start a line, the b after it not. */
    tf_para_clear(&p);
    t = "a\xE3\x80\x8C"
        "b";
    tf_para_add(&p, t, strlen(t), TF_REGULAR, 10);
    assert_boxes(&p, "a ^\xE3\x80\x8C b");
    tf_para_release(&p);
}

static void test_is_cjk(void **state)
{
    assert_false(tf_is_cjk('A'));
    assert_false(tf_is_cjk(0xE9));
    assert_true(tf_is_cjk(0x3000));
    assert_true(tf_is_cjk(0x4E00));
    assert_true(tf_is_cjk(0x9FFF));
    assert_false(tf_is_cjk(0x4DC0)); /* Yijing hexagrams, between the ranges */
    assert_true(tf_is_cjk(0xAC00));
    assert_true(tf_is_cjk(0xD7AF));
    assert_false(tf_is_cjk(0xD7B0));
    assert_true(tf_is_cjk(0xFF01));
    assert_false(tf_is_cjk(0xFFF0));
    assert_false(tf_is_cjk(0x1F600));
}

static void test_markup(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    const char *t = "*it* **bold** ***both*** \\*lit\\* plain";
    tf_para_add_markup(&p, t, strlen(t), TF_REGULAR, 10);
    assert_boxes(&p, "it2 _bold1 _both3 _*lit* _plain");
    /* Stars that open nothing are literal. */
    tf_para_clear(&p);
    t = "a * b 2*3 *c ****x****";
    tf_para_add_markup(&p, t, strlen(t), TF_REGULAR, 10);
    assert_boxes(&p, "a _* _b _2*3 _*c _****x****");
    /* Markup inside a word, on a bold base face. */
    tf_para_clear(&p);
    t = "pre*mid*post";
    tf_para_add_markup(&p, t, strlen(t), TF_BOLD, 10);
    assert_boxes(&p, "pre1 mid3 post1");
    assert_false(p.boxes[1].breakable);
    /* A closing run must follow a non-space: the first star closes at the
     * last, and the inner one, with nothing to close it, is literal. */
    tf_para_clear(&p);
    t = "*a *b*";
    tf_para_add_markup(&p, t, strlen(t), TF_REGULAR, 10);
    assert_boxes(&p, "a2 _*b2");
    tf_para_release(&p);
}

static void test_measure(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, "ab", 2, TF_REGULAR, 10);
    tf_para_add(&p, "cd", 2, TF_BOLD, 20);
    tf_para_add(&p, " \xC3\xA9t\xC3\xA9", 6, TF_REGULAR, 10);
    measure_calls = 0;
    tf_para_measure(&p, fake_measure, NULL);
    assert_true(p.boxes[0].width == 2);
    assert_true(p.boxes[0].glue == 0);
    assert_true(p.boxes[1].width == 8); /* 2 characters, size 20, bold */
    assert_true(p.boxes[2].width == 3); /* code points, not bytes */
    assert_true(p.boxes[2].glue == 1);
    assert_int_equal(measure_calls, 4); /* three boxes and one space */
    tf_para_release(&p);
}

static void test_break(void **state)
{
    /* Greedy filling; a line is full when the next word does not fit. */
    assert_lines("aa bb cc dd", 5, 5, "aa bb|cc dd");
    assert_lines("aa bb cc dd", 4, 4, "aa|bb|cc|dd");
    assert_lines("aa bb cc dd", 11, 11, "aa bb cc dd");
    assert_lines("aa bb cc dd", 100, 100, "aa bb cc dd");
    /* The first line has its own width. */
    assert_lines("aa bb cc dd", 2, 8, "aa|bb cc dd");
    assert_lines("aa bb cc dd", 8, 2, "aa bb cc|dd");
    /* A one-word paragraph. */
    assert_lines("word", 10, 10, "word");
}

/* Line widths and counts of glue and break points. */
static void test_line_metrics(void **state)
{
    struct tf_para p;
    tf_para_init(&p);
    const char *t = "aa bb\xE6\xBC\xA2\xE5\xAD\x97 cc";
    tf_para_add(&p, t, strlen(t), TF_REGULAR, 10);
    tf_para_measure(&p, fake_measure, NULL);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, 100, 100, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].first, 0);
    assert_int_equal(lines[0].count, 5);
    assert_true(lines[0].width == 10); /* aa bb漢字 cc */
    assert_int_equal(lines[0].nspaces, 2);
    assert_int_equal(lines[0].nbreaks, 4);
    free(lines);
    /* An empty paragraph has no lines. */
    tf_para_clear(&p);
    n = tf_para_break(&p, 100, 100, &lines);
    assert_int_equal(n, 0);
    assert_null(lines);
    tf_para_release(&p);
}

static void test_cjk_break(void **state)
{
    /* 漢字漢字漢 at 2 per line, and 。 never starts a line. */
    assert_lines("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 2, 2,
                 "\xE6\xBC\xA2\xE5\xAD\x97|\xE6\xBC\xA2\xE5\xAD\x97|\xE6\xBC\xA2");
    assert_lines("\xE6\xBC\xA2\xE5\xAD\x97\xE3\x80\x82\xE6\xBC\xA2", 2, 2,
                 "\xE6\xBC\xA2|\xE5\xAD\x97\xE3\x80\x82|\xE6\xBC\xA2");
    /* An opening bracket stays with what follows it. */
    assert_lines(
        "a\xE3\x80\x8C"
        "b",
        2, 2,
        "a|\xE3\x80\x8C"
        "b");
}

/* Words wider than a line are split between characters. */
static void test_long_words(void **state)
{
    assert_lines("abcdefghij", 4, 4, "abcd|efgh|ij");
    /* A long word after a short one starts on the same line. */
    assert_lines("ab cdefghij", 6, 6, "ab cde|fghij");
    /* It does not when not even one character fits beside. */
    assert_lines("abcde fghijklmnop", 6, 6, "abcde|fghijk|lmnop");
    /* The first line may be narrower than the rest. */
    assert_lines("abcdefghij", 3, 5, "abc|defgh|ij");
    /* A character wider than the line stays whole. */
    assert_lines("W", 0.5, 0.5, "W");
    /* Split pieces keep their faces. */
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, "abc", 3, TF_REGULAR, 10);
    tf_para_add(&p, "def", 3, TF_BOLD, 10);
    tf_para_measure(&p, fake_measure, NULL);
    char *got = lines_of(&p, 5, 5); /* abc = 3, def = 6 */
    assert_string_equal(got, "abcd|ef");
    free(got);
    assert_int_equal(p.boxes[0].face, TF_REGULAR);
    assert_int_equal(p.boxes[1].face, TF_BOLD);
    assert_int_equal(p.boxes[2].face, TF_BOLD);
    assert_true(p.boxes[2].breakable);
    tf_para_release(&p);
}

/* Long paragraphs: every line fits and no character is lost. */
static void test_many_lines(void **state)
{
    struct strbuf text = STRBUF_INIT;
    for (int i = 0; i < 5000; i++)
        strbuf_addf(&text, "%.*s ", 1 + i % 13, "abcdefghijklmnopqrstuvwxyz");
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text.buf, text.len, TF_REGULAR, 10);
    tf_para_measure(&p, fake_measure, NULL);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, 40, 40, &lines);
    size_t chars = 0, boxes = 0;
    for (size_t l = 0; l < n; l++) {
        assert_true(lines[l].width <= 40 + 1e-9);
        assert_int_equal(lines[l].first, boxes);
        boxes += lines[l].count;
        for (size_t i = lines[l].first; i < lines[l].first + lines[l].count; i++)
            chars += p.boxes[i].len;
        /* Greedy: the next line's first word would not have fitted. */
        if (l + 1 < n) {
            const struct tf_box *next = &p.boxes[lines[l + 1].first];
            assert_true(lines[l].width + next->glue + next->width > 40);
        }
    }
    assert_int_equal(boxes, p.n);
    assert_int_equal(chars, p.text.len);
    assert_true(n > 500);
    free(lines);
    tf_para_release(&p);
    strbuf_release(&text);
}

struct md_case {
    const char *text;
    struct tf_doc doc;
    bool ok;
};

static void parse_md(void *arg)
{
    struct md_case *c = arg;
    c->ok = tf_parse_markdown("msg.md", c->text, strlen(c->text), &c->doc);
}

/* The blocks of text, as "KIND[number]@line:text" joined by " / ". */
static char *blocks(const char *text, bool *ok, char **err)
{
    struct md_case c = {text, {0}, false};
    *err = capture_stderr(parse_md, &c);
    *ok = c.ok;
    static const char *const kinds[] = {"P", "H", "S", "B", "N"};
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < c.doc.n; i++) {
        const struct tf_block *b = &c.doc.blocks[i];
        if (i)
            strbuf_adds(&sb, " / ");
        strbuf_adds(&sb, kinds[b->kind]);
        if (b->kind == TF_BLOCK_NUMBERED)
            strbuf_addf(&sb, "%d", b->number);
        strbuf_addf(&sb, "@%d:%s", b->line, b->text);
    }
    tf_doc_release(&c.doc);
    assert_null(c.doc.blocks);
    return strbuf_detach(&sb);
}

static void assert_blocks(const char *text, const char *want)
{
    bool ok;
    char *err;
    char *got = blocks(text, &ok, &err);
    if (strcmp(got, want))
        fail_msg("got '%s', want '%s'", got, want);
    assert_true(ok);
    assert_string_equal(err, "");
    free(got);
    free(err);
}

static void test_markdown(void **state)
{
    assert_blocks("", "");
    assert_blocks("\n  \n\t\n", "");
    assert_blocks("# Title\n\nFirst line\nsecond  line\n\n- item *a*\n  continued\n2. second\n## Sub ##\n",
                  "H@1:Title / P@3:First line second  line / B@6:item *a* continued / N2@8:second / S@9:Sub");
    /* Headings need a space, at most 6 hashes and at most 3 spaces before. */
    assert_blocks("#NoSpace", "P@1:#NoSpace");
    assert_blocks("####### seven", "P@1:####### seven");
    assert_blocks("###### six", "S@1:six");
    assert_blocks("   # three", "H@1:three");
    assert_blocks("    # four", "P@1:# four");
    assert_blocks("#   Spaced   #  ", "H@1:Spaced");
    /* List markers. */
    assert_blocks("* a\n+ b\n- c", "B@1:a / B@2:b / B@3:c");
    assert_blocks("1) one\n10. ten", "N1@1:one / N10@2:ten");
    assert_blocks("-x\n1.x", "P@1:-x 1.x");
    assert_blocks("123456789. nine digits\n\n1234567890. ten", "N123456789@1:nine digits / P@3:1234567890. ten");
    /* A heading ends a paragraph; lines after a list item continue it. */
    assert_blocks("para\n# H\nmore", "P@1:para / H@2:H / P@3:more");
    assert_blocks("- item\nnext line", "B@1:item next line");
    /* CRLF line ends and a byte order mark. */
    assert_blocks("\xEF\xBB\xBFOne\r\ntwo\r\n\r\nThree\r\n", "P@1:One two / P@4:Three");
}

static void test_markdown_invalid(void **state)
{
    bool ok;
    char *err;
    char *got = blocks(
        "ok\nab\xFF"
        "cd\nnext\n\xC3\x28\n",
        &ok, &err);
    assert_false(ok);
    /* The bad lines are left out, and end the paragraph before them. */
    assert_string_equal(got, "P@1:ok / P@3:next");
    assert_string_equal(err,
                        "collate: msg.md:2:3: error: invalid UTF-8 in the message text\n"
                        "collate: msg.md:4:1: error: invalid UTF-8 in the message text\n");
    free(got);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_faces),
        cmocka_unit_test(test_cjk_boxes),
        cmocka_unit_test(test_is_cjk),
        cmocka_unit_test(test_markup),
        cmocka_unit_test(test_measure),
        cmocka_unit_test(test_break),
        cmocka_unit_test(test_line_metrics),
        cmocka_unit_test(test_cjk_break),
        cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_many_lines),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
