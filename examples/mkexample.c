/* mkexample: generate the paper PDFs an example manifest refers to, with
 * the project's paper generator, so the examples need no committed PDFs.
 *
 * usage: mkexample MKPAPER MANIFEST [mkpaper options for every paper...]
 * Page counts come from pages.txt next to the manifest ("<id> <pages>"
 * per line); papers not listed get 6 pages.  Each paper is generated with
 * its manifest title, authors and keywords, and a seed from its position
 * so that papers differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "manifest/manifest.h"
#include "base/util.h"

static int pages_for(const char *dir, const char *id)
{
    char *path = path_join(dir, "pages.txt");
    char *text = read_file(path, NULL);
    free(path);
    int pages = 6;
    for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char name[256];
        int n;
        if (sscanf(line, "%255s %d", name, &n) == 2 && !strcmp(name, id))
            pages = n;
    }
    free(text);
    return pages;
}

static char *join_authors(const struct paper *p)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = person_display_name(&p->authors[i]);
        strbuf_addf(&sb, "%s%s", i ? "; " : "", name);
        free(name);
    }
    return strbuf_detach(&sb);
}

static char *join_keywords(const struct paper *p)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->nkeywords; i++)
        strbuf_addf(&sb, "%s%s", i ? "; " : "", p->keywords[i]);
    return strbuf_detach(&sb);
}

static int run(const char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], (char *const *)argv); /* execv never writes to argv; POSIX types it loosely */
        perror(argv[0]);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mkexample MKPAPER MANIFEST [mkpaper options...]\n");
        return 2;
    }
    struct manifest *m = manifest_load_ex(argv[2], false);
    if (!m)
        return 1;
    int seed = 1, rc = 0;
    for (size_t s = 0; s < m->nsessions && rc == 0; s++)
        for (size_t i = 0; i < m->sessions[s].npapers && rc == 0; i++, seed++) {
            const struct paper *p = &m->sessions[s].papers[i];
            char *dir = path_dirname(p->pdf_path);
            mkdir_p(dir);
            free(dir);
            char *authors = join_authors(p), *keywords = join_keywords(p);
            char *pages = xasprintf("%d", pages_for(m->dir, p->id));
            char *seed_text = xasprintf("%d", seed);
            const char *affiliation = p->nauthors && p->authors[0].affiliation ? p->authors[0].affiliation : "";
            const char *args[64] = {argv[1], "--out", p->pdf_path, "--pages", pages, "--seed", seed_text,
                                    "--title", p->title, "--authors", authors, "--affiliation", affiliation,
                                    "--keywords", keywords, "--internal-links", "--image"};
            int n = 17;
            for (int k = 3; k < argc && n < 62; k++)
                args[n++] = argv[k];
            args[n] = NULL;
            rc = run(args);
            if (rc != 0)
                fprintf(stderr, "mkexample: generating '%s' failed\n", p->pdf_path);
            free(authors);
            free(keywords);
            free(pages);
            free(seed_text);
        }
    manifest_free(m);
    return rc == 0 ? 0 : 1;
}
