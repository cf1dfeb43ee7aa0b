/* mkpaper_text: seeded filler text that reads like a security/ML paper.
 *
 * Everything is drawn from a splitmix64 generator, so the same seed gives
 * the same text on every machine (no rand(), no locale). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkpaper.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, list) ((list)[rng_below((r), (uint32_t)COUNT(list))])

void rng_seed(struct rng *r, uint64_t seed)
{
    r->state = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    return n ? (uint32_t)(rng_next(r) % n) : 0;
}

static const char *const nouns[] = {
    "model", "adversary", "gradient", "dataset", "protocol", "classifier", "mechanism", "baseline",
    "attack", "defense", "encoder", "client", "server", "budget", "threshold", "estimator",
    "pipeline", "framework", "benchmark", "policy", "update", "embedding", "loss", "objective",
    "architecture", "perturbation", "watermark", "membership signal", "privacy budget", "trust region",
    "aggregation rule", "training run", "test set", "feature space", "decision boundary", "threat model"};
static const char *const plurals[] = {
    "models", "adversaries", "gradients", "datasets", "clients", "parameters", "samples", "queries",
    "participants", "updates", "features", "labels", "outliers", "attacks", "defenses", "guarantees",
    "workloads", "predictions", "records", "users", "benchmarks", "experiments", "heuristics", "tokens"};
static const char *const adjectives[] = {
    "robust", "private", "adaptive", "efficient", "scalable", "federated", "adversarial", "certified",
    "differentially private", "lightweight", "provable", "heterogeneous", "noisy", "sparse", "secure",
    "verifiable", "decentralized", "poisoned", "calibrated", "practical", "end-to-end", "fine-grained"};
static const char *const verbs[] = {
    "reduces", "improves", "bounds", "mitigates", "exposes", "preserves", "amplifies", "detects",
    "outperforms", "approximates", "regularizes", "leaks", "aggregates", "estimates", "limits", "extends"};
static const char *const adverbs[] = {
    "In practice", "As a result", "Moreover", "In contrast", "Consequently", "Empirically",
    "In addition", "Surprisingly", "Intuitively", "Formally", "Nevertheless", "In summary"};

/* Sentence templates: N noun, P plural, A adjective, V verb, X adverb,
 * C citation, D small number, F figure or table reference. */
static const char *const templates[] = {
    "We propose a A N that V the N of P C.",
    "X, the A N V P without a A N.",
    "The A N V the N by D% on average across P.",
    "F summarizes how the N V A P.",
    "Prior work on A P assumes a A N C, which rarely holds for A P.",
    "Our N V the N while keeping the A N within D%.",
    "X, a A N V P only when the N is A.",
    "We evaluate the N on D P and compare it with a A N C.",
    "This N V A P, as F shows.",
    "The N is A if the N V the N of every N.",
    "Unlike P that rely on a A N, our N V P directly.",
    "X, the N V P that a A N would miss C.",
    "We report the mean over D runs; the N V the A N in all of them.",
    "Each N V a A N, and the server V the resulting P.",
};

static void add_word(char **out, size_t *len, size_t *cap, const char *w)
{
    size_t n = strlen(w);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *out = mk_grow(*out, *cap, 1);
    }
    memcpy(*out + *len, w, n + 1);
    *len += n;
}

static const char *expand_slot(struct rng *r, char slot, char *num, size_t numsz)
{
    switch (slot) {
    case 'N': return PICK(r, nouns);
    case 'P': return PICK(r, plurals);
    case 'A': return PICK(r, adjectives);
    case 'V': return PICK(r, verbs);
    case 'X': return PICK(r, adverbs);
    case 'C': snprintf(num, numsz, "[%u]", rng_below(r, 24) + 1); return num;
    case 'D': snprintf(num, numsz, "%u", rng_below(r, 40) + 2); return num;
    case 'F':
        snprintf(num, numsz, rng_below(r, 2) ? "Fig. %u" : "Table %u", rng_below(r, 6) + 1);
        return num;
    default: return NULL;
    }
}

/* A slot is a single capital letter standing alone: at the start or after
 * a space, and followed by the end, a space or punctuation. */
static bool is_slot(const char *tmpl, const char *t)
{
    bool alone_before = t == tmpl || t[-1] == ' ';
    bool alone_after = t[1] == '\0' || strchr(" .,;%", t[1]) != NULL;
    return *t >= 'A' && *t <= 'Z' && alone_before && alone_after;
}

/* Before a vowel, the article "a" that ends out becomes "an". */
static void fix_article(char **out, size_t *len, size_t *cap, const char *next)
{
    size_t n = *len;
    bool ends_with_a = n >= 2 && !strcmp(*out + n - 2, "a ") && (n == 2 || (*out)[n - 3] == ' ');
    if (ends_with_a && strchr("aeiou", next[0])) {
        (*out)[n - 1] = '\0';
        *len = n - 1;
        add_word(out, len, cap, "n ");
    }
}

char *filler_sentence(struct rng *r)
{
    const char *tmpl = PICK(r, templates);
    char *out = NULL;
    size_t len = 0, cap = 0;
    char num[32], one[2] = {0, 0};
    add_word(&out, &len, &cap, "");
    for (const char *t = tmpl; *t; t++) {
        const char *w = is_slot(tmpl, t) ? expand_slot(r, *t, num, sizeof(num)) : NULL;
        if (w) {
            fix_article(&out, &len, &cap, w);
            add_word(&out, &len, &cap, w);
        } else {
            one[0] = *t;
            add_word(&out, &len, &cap, one);
        }
    }
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

char *filler_paragraph(struct rng *r, int min_sentences, int max_sentences)
{
    int n = min_sentences + (int)rng_below(r, (uint32_t)(max_sentences - min_sentences + 1));
    char *out = NULL;
    size_t len = 0, cap = 0;
    add_word(&out, &len, &cap, "");
    for (int i = 0; i < n; i++) {
        char *s = filler_sentence(r);
        if (i)
            add_word(&out, &len, &cap, " ");
        add_word(&out, &len, &cap, s);
        free(s);
    }
    return out;
}

static const char *const surnames[] = {
    "Abadi", "Barreno", "Carlini", "Dwork", "Erlingsson", "Fredrikson", "Goodfellow", "Hitaj",
    "Jagielski", "Kairouz", "Lindell", "McMahan", "Nasr", "Oprea", "Papernot", "Rahman",
    "Shokri", "Tramer", "Usmani", "Vasquez", "Wagner", "Xu", "Yeom", "Zhang", "Bonawitz", "Chen"};
static const char *const venues[] = {
    "in Proc. IEEE Symp. Security and Privacy (SP)", "in Proc. USENIX Security Symp.",
    "in Proc. ACM Conf. Computer and Communications Security (CCS)",
    "in Proc. Network and Distributed System Security Symp. (NDSS)",
    "in Proc. Int. Conf. Machine Learning (ICML)", "in Advances in Neural Information Processing Systems",
    "IEEE Trans. Inf. Forensics Security", "in Proc. Int. Conf. Learning Representations (ICLR)"};

char *filler_reference(struct rng *r, int number)
{
    char authors[256] = "";
    int nauthors = 1 + (int)rng_below(r, 3);
    for (int i = 0; i < nauthors; i++) {
        char one[64];
        snprintf(one, sizeof(one), "%s%c. %s", i == 0 ? "" : i == nauthors - 1 ? ", and " : ", ",
                 'A' + (int)rng_below(r, 26), PICK(r, surnames));
        strncat(authors, one, sizeof(authors) - strlen(authors) - 1);
    }
    char *title = mk_printf("%s %s for %s %s", PICK(r, adjectives), PICK(r, nouns), PICK(r, adjectives),
                            PICK(r, plurals));
    title[0] = (char)(title[0] - 'a' + 'A');
    int first = 1 + (int)rng_below(r, 900);
    char *out = mk_printf("[%d] %s, \"%s,\" %s, %u, pp. %d-%d.", number, authors, title, PICK(r, venues),
                          2012 + rng_below(r, 13), first, first + 8 + (int)rng_below(r, 12));
    free(title);
    return out;
}

static const char *const sections[] = {
    "INTRODUCTION", "BACKGROUND AND RELATED WORK", "THREAT MODEL", "PROPOSED METHOD",
    "THEORETICAL ANALYSIS", "EXPERIMENTAL SETUP", "EVALUATION", "DISCUSSION", "LIMITATIONS",
    "CONCLUSION"};
static const char *const subsections[] = {
    "Problem Statement", "Assumptions", "Design Overview", "Datasets and Models", "Metrics",
    "Main Results", "Ablation Study", "Sensitivity to Hyperparameters", "Adaptive Attacks",
    "Computational Cost", "Comparison with Baselines", "Case Study"};

const char *filler_section_name(int index)
{
    return sections[index % (int)COUNT(sections)];
}

const char *filler_subsection_name(struct rng *r)
{
    return PICK(r, subsections);
}

char *roman_numeral(int n)
{
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const symbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    char buf[32] = "";
    for (size_t i = 0; i < COUNT(values) && n > 0; i++)
        for (; n >= values[i]; n -= values[i])
            strncat(buf, symbols[i], sizeof(buf) - strlen(buf) - 1);
    return mk_strdup(buf);
}
