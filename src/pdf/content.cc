// content: the fonts and images a page's content streams draw, with
// libqpdf's C++ tokenizer behind a C header (see include/pdf/content.h).
// Every entry point catches every exception: nothing is thrown across the
// C boundary.
// qpdf 11 headers warn unless told which PointerHolder API the code uses.
#define POINTERHOLDER_TRANSITION 4
#include "pdf/content.h"

#include <qpdf/Buffer.hh>
#include <qpdf/BufferInputSource.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr size_t MAX_STACK = 1024;     // q without Q kept; deeper pushes are counted only
constexpr size_t MAX_OPERANDS = 64;    // operands kept before an operator (more are malformed)
constexpr int MAX_BAD_TOKENS = 1000;   // unreadable tokens before a stream is given up

struct matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};

// m applied first, then n (PDF's row-vector convention: m × n).
matrix multiply(const matrix &m, const matrix &n)
{
    matrix r;
    r.a = m.a * n.a + m.b * n.c;
    r.b = m.a * n.b + m.b * n.d;
    r.c = m.c * n.a + m.d * n.c;
    r.d = m.c * n.b + m.d * n.d;
    r.e = m.e * n.a + m.f * n.c + n.e;
    r.f = m.e * n.b + m.f * n.d + n.f;
    return r;
}

bool finite(const matrix &m)
{
    return std::isfinite(m.a) && std::isfinite(m.b) && std::isfinite(m.c) && std::isfinite(m.d) &&
           std::isfinite(m.e) && std::isfinite(m.f);
}

bool number(QPDFObjectHandle h, double &out)
{
    if (!h.isNumber())
        return false;
    out = h.getNumericValue();
    return std::isfinite(out);
}

// A /Matrix array, or identity when absent or malformed.
matrix matrix_of(QPDFObjectHandle arr)
{
    matrix m;
    double v[6];
    if (!arr.isArray() || arr.getArrayNItems() != 6)
        return m;
    for (int i = 0; i < 6; i++)
        if (!number(arr.getArrayItem(i), v[i]))
            return m;
    return matrix{v[0], v[1], v[2], v[3], v[4], v[5]};
}

// A rectangle's corners, normalised; false when malformed.
bool rect_of(QPDFObjectHandle arr, double r[4])
{
    if (!arr.isArray() || arr.getArrayNItems() != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (!number(arr.getArrayItem(i), r[i]))
            return false;
    if (r[0] > r[2])
        std::swap(r[0], r[2]);
    if (r[1] > r[3])
        std::swap(r[1], r[3]);
    return true;
}

struct operand {
    enum kind { NUMBER, NAME, BOOL, OTHER } kind;
    double num;
    std::string name;   // with its slash; for BOOL "true" or "false"
};

struct gstate {
    matrix ctm;
    QPDFObjectHandle font;   // selected by Tf or gs; null before
};

// One page's walk.
class walker {
  public:
    walker(pdfcontent_page *out, std::map<QPDFObjGen, std::vector<QPDFObjGen>> &t3, bool count_only = false)
        : out_(out), t3_(t3), count_only_(count_only)
    {
    }

    void page(QPDFObjectHandle page);
    long text_ops() const { return text_ops_; }

  private:
    pdfcontent_page *out_;
    long ops_ = 0;
    bool stopped_ = false;
    std::vector<QPDFObjGen> forms_;          // forms being drawn (loop guard)
    std::set<QPDFObjGen> fonts_;             // indirect fonts reported
    bool direct_font_ = false;               // a direct font dictionary reported
    std::map<QPDFObjGen, std::vector<QPDFObjGen>> &t3_; // Type 3 font -> fonts its glyphs show, per document
    std::vector<std::vector<QPDFObjGen> *> captures_;    // Type 3 fonts being read collect what is shown
    int depth_ = 0;
    bool in_glyph_ = false;                  // images in Type 3 glyphs are not reported
    bool count_only_;                        // only count text operators: no fonts, images, annotations
    long text_ops_ = 0;                      // Tj, TJ, ' and " read

    void stop(const std::string &why);
    void run(const std::string &data, QPDFObjectHandle resources, const gstate &start, const std::string &where);
    void form(QPDFObjectHandle xobj, QPDFObjectHandle resources, const gstate &caller);
    void appearance(QPDFObjectHandle stream, const double rect[4]);
    void report(QPDFObjGen og);
    void shown(QPDFObjectHandle font, QPDFObjectHandle resources);
    void image(int id, int gen, int w, int h, bool mask, const matrix &ctm);
    static bool stream_data(QPDFObjectHandle s, std::string &data);
};

void walker::stop(const std::string &why)
{
    if (!stopped_) {
        stopped_ = true;
        out_->complete = false;
        free(out_->error);
        out_->error = strdup(why.c_str());
    }
}

bool walker::stream_data(QPDFObjectHandle s, std::string &data)
{
    std::shared_ptr<Buffer> b = s.getStreamData(qpdf_dl_generalized);
    data.append(reinterpret_cast<const char *>(b->getBuffer()), b->getSize());
    return true;
}

void walker::image(int id, int gen, int w, int h, bool mask, const matrix &ctm)
{
    if (in_glyph_ || count_only_ || out_->nimages >= PDFCONTENT_MAX_IMAGES)
        return;
    void *p = realloc(out_->images, (out_->nimages + 1) * sizeof(*out_->images));
    if (!p)
        throw std::bad_alloc();
    out_->images = static_cast<pdfcontent_image *>(p);
    pdfcontent_image &im = out_->images[out_->nimages++];
    im.id = id;
    im.gen = gen;
    im.width = w;
    im.height = h;
    im.mask = mask;
    double m[6] = {ctm.a, ctm.b, ctm.c, ctm.d, ctm.e, ctm.f};
    memcpy(im.ctm, m, sizeof(m));
    im.shown_w = std::hypot(ctm.a, ctm.b);
    im.shown_h = std::hypot(ctm.c, ctm.d);
    im.ppi_x = im.shown_w > 0 ? w * 72.0 / im.shown_w : 0;
    im.ppi_y = im.shown_h > 0 ? h * 72.0 / im.shown_h : 0;
}

void walker::report(QPDFObjGen og)
{
    for (std::vector<QPDFObjGen> *c : captures_)
        c->push_back(og);
    bool fresh;
    if (og.getObj() == 0) {
        fresh = !direct_font_;
        direct_font_ = true;
    } else {
        fresh = fonts_.insert(og).second;
    }
    if (!fresh)
        return;
    void *p = realloc(out_->fonts, (out_->nfonts + 1) * sizeof(*out_->fonts));
    if (!p)
        throw std::bad_alloc();
    out_->fonts = static_cast<pdfcontent_font *>(p);
    out_->fonts[out_->nfonts++] = pdfcontent_font{og.getObj(), og.getGen()};
}

// Text shown with font: report it, and for a Type 3 font the fonts its
// glyph procedures show text with.  Those are read once per document
// (t3_); all glyphs count, as which are shown is not decoded.
void walker::shown(QPDFObjectHandle font, QPDFObjectHandle resources)
{
    if (!font.isDictionary())
        return;
    QPDFObjGen og = font.getObjGen();
    report(og);
    if (og.getObj() == 0 || !font.getKey("/Subtype").isNameAndEquals("/Type3"))
        return; // a direct Type 3 font (rare) is not looked into
    auto known = t3_.find(og);
    if (known != t3_.end()) {
        for (QPDFObjGen g : known->second)
            report(g);
        return;
    }
    for (const QPDFObjGen &f : forms_)
        if (f == og)
            return; // its own glyphs show text with it
    QPDFObjectHandle procs = font.getKey("/CharProcs");
    if (!procs.isDictionary() || depth_ >= PDFCONTENT_MAX_DEPTH)
        return;
    QPDFObjectHandle res = font.getKey("/Resources");
    if (!res.isDictionary())
        res = resources;
    bool was = in_glyph_;
    in_glyph_ = true;
    depth_++;
    forms_.push_back(og);
    std::vector<QPDFObjGen> got;
    captures_.push_back(&got);
    for (auto &kv : procs.getDictAsMap()) {
        if (stopped_)
            break;
        if (!kv.second.isStream())
            continue;
        try {
            std::string data;
            stream_data(kv.second, data);
            run(data, res, gstate(), "glyph procedure");
        } catch (std::exception &e) {
            stop(std::string("damaged Type 3 glyph procedure: ") + e.what());
        }
    }
    captures_.pop_back();
    forms_.pop_back();
    depth_--;
    in_glyph_ = was;
    if (!stopped_)
        t3_[og] = got;
}

// A form is drawn in the caller's graphics state (its font too) with its
// /Matrix applied; damage in it ends the walk there.
void walker::form(QPDFObjectHandle xobj, QPDFObjectHandle resources, const gstate &caller)
{
    QPDFObjGen og = xobj.getObjGen();
    for (const QPDFObjGen &f : forms_)
        if (og.getObj() != 0 && f == og)
            return; // a form drawing itself: draw it once
    if (depth_ >= PDFCONTENT_MAX_DEPTH) {
        stop("forms nested more than " + std::to_string(PDFCONTENT_MAX_DEPTH) + " deep");
        return;
    }
    forms_.push_back(og);
    depth_++;
    try {
        QPDFObjectHandle dict = xobj.getDict();
        QPDFObjectHandle res = dict.getKey("/Resources");
        if (!res.isDictionary())
            res = resources; // older files let forms use the page's
        std::string data;
        stream_data(xobj, data);
        gstate gs = caller;
        gs.ctm = multiply(matrix_of(dict.getKey("/Matrix")), caller.ctm);
        run(data, res, gs, "form XObject");
    } catch (std::exception &e) {
        stop(std::string("damaged form XObject: ") + e.what());
    }
    depth_--;
    forms_.pop_back();
}

// An annotation appearance: its /Matrix, then the map of the transformed
// /BBox onto the annotation's /Rect (PDF 32000-1 12.5.5).
void walker::appearance(QPDFObjectHandle stream, const double rect[4])
{
    if (!stream.isStream())
        return;
    QPDFObjectHandle dict = stream.getDict();
    double bbox[4];
    if (!rect_of(dict.getKey("/BBox"), bbox))
        return;
    matrix m = matrix_of(dict.getKey("/Matrix"));
    double xs[4] = {bbox[0], bbox[2], bbox[0], bbox[2]}, ys[4] = {bbox[1], bbox[1], bbox[3], bbox[3]};
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < 4; i++) {
        double x = xs[i] * m.a + ys[i] * m.c + m.e, y = xs[i] * m.b + ys[i] * m.d + m.f;
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
    if (!(x1 > x0) || !(y1 > y0))
        return;
    double sx = (rect[2] - rect[0]) / (x1 - x0), sy = (rect[3] - rect[1]) / (y1 - y0);
    matrix fit{sx, 0, 0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy};
    // The form's own /Matrix is applied by form(); fit comes after it.
    gstate gs;
    gs.ctm = fit;
    form(stream, QPDFObjectHandle::newDictionary(), gs);
}

void walker::run(const std::string &data, QPDFObjectHandle resources, const gstate &start, const std::string &where)
{
    if (stopped_)
        return;
    Buffer buf(reinterpret_cast<unsigned char *>(const_cast<char *>(data.data())), data.size());
    auto input = std::make_shared<BufferInputSource>(where, &buf);
    QPDFTokenizer tok;
    tok.allowEOF();
    std::vector<gstate> stack;
    size_t lost = 0; // pushes beyond MAX_STACK, popped first
    gstate gs = start;
    std::vector<operand> ops;
    int nesting = 0; // inside an array or dictionary operand
    int bad = 0;
    QPDFObjectHandle fonts = resources.isDictionary() ? resources.getKey("/Font") : QPDFObjectHandle::newNull();
    QPDFObjectHandle xobjects =
        resources.isDictionary() ? resources.getKey("/XObject") : QPDFObjectHandle::newNull();
    for (;;) {
        QPDFTokenizer::Token t = tok.readToken(input, where, true);
        QPDFTokenizer::token_type_e type = t.getType();
        if (type == QPDFTokenizer::tt_eof)
            break;
        if (type == QPDFTokenizer::tt_bad) {
            if (++bad > MAX_BAD_TOKENS) {
                stop("damaged " + where + ": too many unreadable tokens");
                return;
            }
            ops.clear();
            continue;
        }
        if (type == QPDFTokenizer::tt_array_open || type == QPDFTokenizer::tt_dict_open) {
            nesting++;
            continue;
        }
        if (type == QPDFTokenizer::tt_array_close || type == QPDFTokenizer::tt_dict_close) {
            if (nesting > 0 && --nesting == 0 && ops.size() < MAX_OPERANDS)
                ops.push_back(operand{operand::OTHER, 0, ""});
            continue;
        }
        if (nesting > 0)
            continue;
        if (type != QPDFTokenizer::tt_word) {
            if (ops.size() >= MAX_OPERANDS)
                continue;
            operand o{operand::OTHER, 0, ""};
            if (type == QPDFTokenizer::tt_integer || type == QPDFTokenizer::tt_real) {
                o.kind = operand::NUMBER;
                o.num = strtod(t.getValue().c_str(), nullptr);
            } else if (type == QPDFTokenizer::tt_name) {
                o.kind = operand::NAME;
                o.name = t.getValue();
            } else if (type == QPDFTokenizer::tt_bool) {
                o.kind = operand::BOOL;
                o.name = t.getValue();
            }
            ops.push_back(o);
            continue;
        }
        if (++ops_ > PDFCONTENT_MAX_OPS) {
            stop("more than " + std::to_string(PDFCONTENT_MAX_OPS) + " operators on the page");
            return;
        }
        const std::string &op = t.getValue();
        if (op == "q") {
            if (stack.size() < MAX_STACK)
                stack.push_back(gs);
            else
                lost++;
        } else if (op == "Q") {
            if (lost > 0)
                lost--;
            else if (!stack.empty()) {
                gs = stack.back();
                stack.pop_back();
            }
        } else if (op == "cm" && ops.size() == 6) {
            double v[6];
            bool ok = true;
            for (int i = 0; i < 6; i++) {
                ok = ok && ops[i].kind == operand::NUMBER;
                v[i] = ops[i].num;
            }
            matrix m{v[0], v[1], v[2], v[3], v[4], v[5]};
            if (ok && finite(m))
                gs.ctm = multiply(m, gs.ctm);
        } else if (op == "Tf" && ops.size() == 2 && ops[0].kind == operand::NAME) {
            gs.font = fonts.isDictionary() ? fonts.getKey(ops[0].name) : QPDFObjectHandle::newNull();
        } else if (op == "gs" && ops.size() == 1 && ops[0].kind == operand::NAME && resources.isDictionary()) {
            QPDFObjectHandle states = resources.getKey("/ExtGState");
            QPDFObjectHandle state = states.isDictionary() ? states.getKey(ops[0].name) : states;
            QPDFObjectHandle setting = state.isDictionary() ? state.getKey("/Font") : state;
            if (setting.isArray() && setting.getArrayNItems() >= 1)
                gs.font = setting.getArrayItem(0);
        } else if (op == "Tj" || op == "TJ" || op == "'" || op == "\"") {
            text_ops_++;
            if (!count_only_)
                shown(gs.font, resources);
        } else if (op == "Do" && ops.size() == 1 && ops[0].kind == operand::NAME && xobjects.isDictionary()) {
            QPDFObjectHandle x = xobjects.getKey(ops[0].name);
            if (x.isStream()) {
                QPDFObjectHandle dict = x.getDict();
                QPDFObjectHandle subtype = dict.getKey("/Subtype");
                if (subtype.isNameAndEquals("/Image")) {
                    double w = 0, h = 0;
                    number(dict.getKey("/Width"), w);
                    number(dict.getKey("/Height"), h);
                    QPDFObjectHandle im = dict.getKey("/ImageMask");
                    bool mask = im.isBool() && im.getBoolValue();
                    QPDFObjGen og = x.getObjGen();
                    image(og.getObj(), og.getGen(), (int)std::fmin(std::fmax(w, 0), 1e9),
                          (int)std::fmin(std::fmax(h, 0), 1e9), mask, gs.ctm);
                } else if (subtype.isNameAndEquals("/Form")) {
                    form(x, resources, gs);
                }
            }
        } else if (op == "ID") {
            // The operands since BI are the image's dictionary, key and value.
            double w = 0, h = 0;
            bool mask = false;
            for (size_t i = 0; i + 1 < ops.size(); i += 2) {
                const std::string &k = ops[i].name;
                if (ops[i].kind != operand::NAME)
                    continue;
                if ((k == "/W" || k == "/Width") && ops[i + 1].kind == operand::NUMBER)
                    w = ops[i + 1].num;
                else if ((k == "/H" || k == "/Height") && ops[i + 1].kind == operand::NUMBER)
                    h = ops[i + 1].num;
                else if ((k == "/IM" || k == "/ImageMask") && ops[i + 1].kind == operand::BOOL)
                    mask = ops[i + 1].name == "true";
            }
            // The data starts after the one white-space character after ID.
            char ch;
            input->read(&ch, 1);
            tok.expectInlineImage(input);
            QPDFTokenizer::Token pixels = tok.readToken(input, where, true);
            if (pixels.getType() != QPDFTokenizer::tt_inline_image) {
                stop("damaged " + where + ": an inline image without its end (EI)");
                return;
            }
            if (std::isfinite(w) && std::isfinite(h))
                image(0, 0, (int)std::fmin(std::fmax(w, 0), 1e9), (int)std::fmin(std::fmax(h, 0), 1e9), mask,
                      gs.ctm);
        }
        ops.clear();
        if (stopped_)
            return;
    }
}

void walker::page(QPDFObjectHandle page)
{
    // /Resources is inheritable from the page tree.
    QPDFObjectHandle res = page.getKey("/Resources"), node = page;
    for (int up = 0; !res.isDictionary() && up < 64; up++) {
        node = node.getKey("/Parent");
        if (!node.isDictionary())
            break;
        res = node.getKey("/Resources");
    }
    std::string data;
    QPDFObjectHandle contents = page.getKey("/Contents");
    try {
        if (contents.isStream()) {
            stream_data(contents, data);
        } else if (contents.isArray()) {
            int n = contents.getArrayNItems();
            for (int i = 0; i < n; i++) {
                QPDFObjectHandle s = contents.getArrayItem(i);
                if (s.isStream()) {
                    stream_data(s, data);
                    data += '\n'; // streams split only between tokens
                }
            }
        }
    } catch (std::exception &e) {
        stop(std::string("unreadable page contents: ") + e.what());
    }
    try {
        run(data, res, gstate(), "page contents");
    } catch (std::exception &e) {
        stop(std::string("damaged page contents: ") + e.what());
    }
    if (count_only_)
        return; // text is counted in the page's own content only
    QPDFObjectHandle annots = page.getKey("/Annots");
    int n = annots.isArray() ? annots.getArrayNItems() : 0;
    for (int i = 0; i < n && !stopped_; i++) {
        try {
            QPDFObjectHandle a = annots.getArrayItem(i);
            double rect[4];
            if (!a.isDictionary() || !rect_of(a.getKey("/Rect"), rect))
                continue;
            QPDFObjectHandle flags = a.getKey("/F");
            // Hidden (2) and NoView (32) annotations are never shown.
            if (flags.isInteger() && (flags.getIntValue() & (2 | 32)))
                continue;
            QPDFObjectHandle ap = a.getKey("/AP");
            if (!ap.isDictionary())
                continue;
            for (const char *kind : {"/N", "/R", "/D"}) {
                QPDFObjectHandle look = ap.getKey(kind);
                if (look.isStream()) {
                    appearance(look, rect);
                } else if (look.isDictionary()) {
                    for (auto &kv : look.getDictAsMap())
                        appearance(kv.second, rect);
                }
            }
        } catch (std::exception &e) {
            stop(std::string("damaged annotation appearance: ") + e.what());
        }
    }
}

} // namespace

struct pdfcontent {
    std::unique_ptr<QPDF> pdf;
    std::map<QPDFObjGen, std::vector<QPDFObjGen>> type3; // see walker::shown
};

extern "C" {

struct pdfcontent *pdfcontent_open(const char *bytes, size_t len, char **error)
{
    if (error)
        *error = nullptr;
    try {
        std::unique_ptr<pdfcontent> doc(new pdfcontent);
        doc->pdf.reset(new QPDF);
        doc->pdf->setSuppressWarnings(true);
        doc->pdf->processMemoryFile("content", bytes, len, "");
        return doc.release();
    } catch (std::exception &e) {
        if (error)
            *error = strdup(e.what());
    } catch (...) {
        if (error)
            *error = strdup("unknown libqpdf error");
    }
    return nullptr;
}

void pdfcontent_free(struct pdfcontent *doc)
{
    try {
        delete doc;
    } catch (...) {
    }
}

void pdfcontent_page_init(struct pdfcontent_page *page)
{
    memset(page, 0, sizeof(*page));
    page->complete = true;
}

void pdfcontent_page_release(struct pdfcontent_page *page)
{
    free(page->fonts);
    free(page->images);
    free(page->error);
    pdfcontent_page_init(page);
}

bool pdfcontent_walk(struct pdfcontent *doc, int id, int gen, struct pdfcontent_page *out)
{
    try {
        QPDFObjectHandle page = doc && id > 0 && gen >= 0 ? doc->pdf->getObjectByID(id, gen)
                                                          : QPDFObjectHandle::newNull();
        if (!page.isDictionary()) {
            out->complete = false;
            free(out->error);
            out->error = strdup("not a page object");
            return false;
        }
        walker w(out, doc->type3);
        w.page(page);
    } catch (std::exception &e) {
        out->complete = false;
        free(out->error);
        out->error = strdup(e.what());
    } catch (...) {
        out->complete = false;
        free(out->error);
        out->error = strdup("unknown libqpdf error");
    }
    return out->complete;
}

long pdfcontent_count_text(struct pdfcontent *doc, int id, int gen)
{
    struct pdfcontent_page scratch;
    pdfcontent_page_init(&scratch);
    long n = -1;
    try {
        QPDFObjectHandle page = doc && id > 0 && gen >= 0 ? doc->pdf->getObjectByID(id, gen)
                                                          : QPDFObjectHandle::newNull();
        if (page.isDictionary()) {
            walker w(&scratch, doc->type3, true);
            w.page(page);
            n = w.text_ops();
        }
    } catch (...) {
        n = -1;
    }
    pdfcontent_page_release(&scratch);
    return n;
}

} // extern "C"
