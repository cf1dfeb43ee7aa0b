/* pdfstruct_internal: the walk state and object access shared by the files
 * of the pdfstruct pass; not for other modules (their API is pdfstruct.h).
 *
 *   pdfstruct.c  the document: reading, encryption, page geometry, form
 *                fields, damage; the object access below
 *   jswalk.c     where the document has JavaScript
 *   filewalk.c   the files it carries (attachments)
 *   fontwalk.c   the fonts every page uses, from their dictionaries
 *   (pdf/content then tells which of them text is shown with)
 *
 * Every accessor looks at qpdf_has_error after its libqpdf call: an error
 * counts as a repaired problem (unless pdfstruct.c classes its text as no
 * repair) and the object is treated as absent (0).
 * Handles returned are the caller's to release (qpdf_oh_release).
 *
 * Ownership: struct walk owns its strings (first_problem, places, names)
 * and its sets (scanned, files); the pdf_info it fills is the caller's. */
#ifndef COLLATE_PDFSTRUCT_INTERNAL_H
#define COLLATE_PDFSTRUCT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/idmap.h"
#include "base/util.h"
#include "inspect/pdfinfo.h"
#include "pdf/qpdfh.h"
#include "pdf/unfiltered.h"

#define MAX_DEPTH 32           /* name tree /Kids, action /Next, field /Kids, nested resources */
#define MAX_PLACES 10          /* JavaScript places listed */
#define MAX_VISITED 4096       /* object ids remembered per walk */

struct pdfcontent;

/* Object ids a walk has seen, to stop at reference loops. */
struct visited {
    int ids[MAX_VISITED];
    int n;                     /* entries used in ids */
};

/* State of one inspection. */
struct walk {
    qpdf_data q;               /* the open document */
    const char *path;          /* file name, for libqpdf's messages */
    const char *bytes;         /* the file's contents */
    size_t nbytes;
    int budget;                /* object visits left for all walks */
    int nproblems;             /* warnings and swallowed errors */
    int nwarnings;             /* every warning and error, harmless ones too */
    int nboilerplate;          /* generic "file is damaged" warnings */
    char *first_problem;       /* text of the first informative one, owned */
    const char *repairs[4];    /* distinct kinds of repair, static strings */
    int nrepairs;              /* entries used in repairs */
    char *places[MAX_PLACES];  /* where JavaScript was found, owned */
    int nplaces;               /* entries used in places */
    bool more_places;          /* places overflowed */
    int attachments;           /* embedded files plus attachment annotations */
    int attachment_page;       /* 1-based page of the first annotation, 0: none */
    struct strbuf names;       /* comma-separated attachment names */
    bool names_truncated;      /* names overflowed MAX_NAMES_LEN */
    struct idmap files;        /* file specifications and embedded file streams counted (a set) */
    struct idmap scanned;      /* fonts, forms and patterns the font scan has met (a set) */
    struct idmap font_index;   /* font object -> its index in info->fonts */
    struct pdfcontent *content; /* the document for content walks, opened at the first page; owned */
    bool content_failed;       /* it could not be opened: every font counts as drawn */
    int unwalked;              /* > 0 inside patterns and soft masks, which pdf/content does not walk */
    bool images_seen;          /* some resource dictionary names an image XObject */
    struct unfiltered_ref *decodable; /* streams poppler decodes on every pass (see pdf/unfiltered.h) */
    size_t ndecodable, decodable_cap;
    struct unfiltered_ref *font_refs; /* the fonts met, for fontwalk_note_streams */
    size_t nfont_refs, font_refs_cap;
    struct pdf_info *info;     /* fonts are added here */
    size_t fonts_cap;          /* allocated entries of info->fonts */
    struct visited actions;    /* action dictionaries seen in the current chain */
    struct visited nodes;      /* tree nodes seen in the current tree walk */
};

/* ---- object access (pdfstruct.c) ---- */

/* True when the last qpdf call failed; the error is recorded and cleared. */
bool walk_failed(struct walk *w);
/* Spend one visit of the budget; false when it is gone. */
bool walk_spend(struct walk *w);
bool walk_is_dict(struct walk *w, qpdf_oh oh);
bool walk_is_array(struct walk *w, qpdf_oh oh);
/* dict[key] (key with its slash), or 0 when dict is not a dictionary, the
 * key is absent or null, or qpdf failed. */
qpdf_oh walk_key(struct walk *w, qpdf_oh dict, const char *key);
/* arr[i], or 0 when qpdf failed. */
qpdf_oh walk_array_item(struct walk *w, qpdf_oh arr, int i);
/* dict[key] is the name `name` (with its slash). */
bool walk_key_is_name(struct walk *w, qpdf_oh dict, const char *key, const char *name);
/* The length of array arr, 0 when it is none or qpdf failed. */
int walk_array_len(struct walk *w, qpdf_oh arr);
/* A string object (or dict[key]) as a new UTF-8 string, or NULL. */
char *walk_utf8(struct walk *w, qpdf_oh oh);
char *walk_key_utf8(struct walk *w, qpdf_oh dict, const char *key);
/* True when oh is an indirect object already in set (or the set is full);
 * otherwise remembers it.  Direct objects are never "seen": they cannot
 * form loops on their own. */
bool walk_seen(struct walk *w, struct visited *set, qpdf_oh oh);
/* Note stream (if indirect) as one poppler reads on every pass over a
 * page: a content stream, form or font program (pdf/unfiltered). */
void walk_note_decodable(struct walk *w, qpdf_oh stream);

/* ---- JavaScript (jswalk.c) ---- */

/* Note a place JavaScript was found ("OpenAction", "page 3 actions"), once;
 * the first MAX_PLACES are listed. */
void jswalk_add_place(struct walk *w, const char *place);
/* The action dict[key] (and its /Next chain), or an action of the
 * additional actions dict[/AA], runs JavaScript. */
bool jswalk_key_action(struct walk *w, qpdf_oh dict, const char *key);
bool jswalk_key_aa(struct walk *w, qpdf_oh dict);
/* The places of the catalog root: document-level scripts, the open action,
 * document actions, form fields and outline items. */
void jswalk_document(struct walk *w, qpdf_oh root);

/* ---- attachments (filewalk.c) ---- */

/* Count the files of the catalog root: embedded files, the catalog's and
 * the structure elements' associated files. */
void filewalk_document(struct walk *w, qpdf_oh root);
/* Of one page: its associated files (pageno is 1-based). */
void filewalk_page(struct walk *w, qpdf_oh page, int pageno);
/* Of one annotation: a file attachment, associated files and media. */
void filewalk_annotation(struct walk *w, qpdf_oh annot, int pageno);

/* ---- fonts (fontwalk.c) ---- */

/* Add to w->info->fonts every font a resource dictionary reaches (fonts;
 * recursively the forms and patterns it names, the fonts and soft-mask
 * groups of its graphics states, Type 3 fonts' own resources), each object
 * once per document; pageno is where they are first used.  res 0 is fine. */
void fontwalk_resources(struct walk *w, qpdf_oh res, int pageno);

/* The same for every appearance (/N /R /D, every state) of an annotation. */
void fontwalk_appearance(struct walk *w, qpdf_oh annot, int pageno);
/* Note as decodable the streams poppler reads each time it sets up a
 * font met, besides its program (noted when met): /ToUnicode, an
 * embedded /Encoding CMap, a descendant's /CIDToGIDMap.  Resolving them
 * may make libqpdf warn or fail where the damage report never looked:
 * called after it is taken, the caller drops what this leaves. */
void fontwalk_note_streams(struct walk *w);

#endif
