#!/usr/bin/env python3
"""Score kiji output against bench/quality/gold.json.

usage: python3 score.py OUT_DIR [--gold gold.json] [--articles DIR] [--errors]

Reads OUT/documents.jsonl, OUT/entities.jsonl and OUT/names.jsonl.
Gold mentions are occurrence-independent: every occurrence of a gold text in
the article is a gold span, unless it lies inside a longer gold span of the
same type (optional gold spans included). Predictions are matched to gold
per article and type by character overlap (one-to-one, exact spans first,
then largest overlap). "exact" = identical span; for AMOUNT/PERCENT,
qualifier words (約/以上/程度/about/at least/up to...) and an English counter
noun after a count do not count as span differences. A prediction overlapping only optional gold (or gold
whose alt_types contain the predicted type) is ignored; other unmatched
predictions are FP; unmatched required gold spans are FN.
CO+ORG scores COMPANY and ORG as one type.
--errors prints every FP/FN/wrong norm/value with context.
"""
import json, os, sys, argparse, collections

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ['PERSON', 'COMPANY', 'ORG', 'CO+ORG', 'PRODUCT', 'DATE', 'AMOUNT', 'PERCENT']


def load_jsonl(p):
    out = []
    if not os.path.exists(p):
        return out
    with open(p, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def gold_spans(text, mentions):
    """Expand occurrence-independent gold into spans."""
    spans = []
    for i, m in enumerate(mentions):
        t = m['text']
        k = text.find(t)
        while k >= 0:
            spans.append(dict(m, start=k, end=k + len(t), gid=i))
            k = text.find(t, k + 1)
    # drop spans inside a longer span of the same type
    keep = []
    for s in spans:
        inside = any(o is not s and o['type'] == s['type'] and o['start'] <= s['start'] and s['end'] <= o['end']
                     and (o['end'] - o['start']) > (s['end'] - s['start']) for o in spans)
        if not inside:
            keep.append(s)
    # identical span listed twice (same text, same type) -> keep one
    seen, out = set(), []
    for s in keep:
        key = (s['type'], s['start'], s['end'])
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def overlap(a, b):
    return max(0, min(a['end'], b['end']) - max(a['start'], b['start']))


def tmap(t, merged):
    if merged and t in ('COMPANY', 'ORG'):
        return 'CO+ORG'
    return t


def ctx(text, s, e, w=12):
    return (text[max(0, s - w):s] + '[' + text[s:e] + ']' + text[e:e + w]).replace('\n', '⏎')


QUAL_PRE = ['約', 'およそ', '少なくとも', '最大', '最低', 'about ', 'roughly ', 'at least ', 'up to ', 'nearly ',
            'more than ', 'over ', 'almost ', 'approximately ', 'around ', 'some ']
QUAL_SUF = ['以上', '以下', '超', '程度', '前後', '余り', '近く', 'を超え', '未満', '強', '弱']


def strip_qual(t):
    changed = True
    while changed:
        changed = False
        for q in QUAL_PRE:
            if t.lower().startswith(q) and len(t) > len(q):
                t = t[len(q):]; changed = True
        for q in QUAL_SUF:
            if t.endswith(q) and len(t) > len(q):
                t = t[:-len(q)]; changed = True
    return t


def exact_span(p, g, text):
    if p['start'] == g['start'] and p['end'] == g['end']:
        return True
    if g['type'] not in ('AMOUNT', 'PERCENT'):
        return False
    # qualifier words (約, 以上, about, at least...) on either side do not count as a span error,
    # nor an English counter noun after a count ("3,400 employees")
    ps, gs = strip_qual(p['text']), strip_qual(g['text'])
    if ps == gs:
        return True
    return g.get('unit') == 'count' and ps.startswith(gs + ' ') and ' ' not in ps[len(gs) + 1:].strip()


def num_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--gold', default=os.path.join(HERE, 'gold.json'))
    ap.add_argument('--articles', default=os.path.join(HERE, 'articles'))
    ap.add_argument('--errors', action='store_true')
    a = ap.parse_args()
    gold = json.load(open(a.gold, encoding='utf-8'))
    docs = load_jsonl(os.path.join(a.out, 'documents.jsonl'))
    ents = load_jsonl(os.path.join(a.out, 'entities.jsonl'))
    names = load_jsonl(os.path.join(a.out, 'names.jsonl'))

    by_name = {}
    doc_info = {}
    for d in docs:
        by_name[os.path.basename(d['path'])] = d['doc_id']
        doc_info[d['doc_id']] = d
    ents_by_doc = collections.defaultdict(list)
    for e in ents:
        ents_by_doc[e['doc_id']].append(e)

    texts, gspans = {}, {}
    print('# kiji held-out evaluation (bench/quality), output:', os.path.abspath(a.out))
    # document-level checks
    bad_offsets, n_pred, missing_docs, date_wrong, lang_wrong = [], 0, [], [], []
    for fname, ga in sorted(gold['articles'].items()):
        text = open(os.path.join(a.articles, fname), encoding='utf-8').read()
        if text.startswith('\ufeff'):
            text = text[1:]
        texts[fname] = text
        gspans[fname] = gold_spans(text, ga['mentions'])
        did = by_name.get(fname)
        if did is None:
            missing_docs.append(fname)
            continue
        d = doc_info[did]
        if d.get('status') != 'ok':
            missing_docs.append(fname + ' (status %s)' % d.get('status'))
        if d.get('date') != ga['date']:
            date_wrong.append('%s: %s (gold %s)' % (fname, d.get('date'), ga['date']))
        if d.get('lang') != ga['lang']:
            lang_wrong.append('%s: %s (gold %s)' % (fname, d.get('lang'), ga['lang']))
        for e in ents_by_doc[did]:
            n_pred += 1
            if text[e['start']:e['end']] != e['text']:
                bad_offsets.append('%s %s %r [%d:%d] -> %r' % (fname, e['type'], e['text'], e['start'], e['end'],
                                                             text[e['start']:e['end']]))
    print('documents: %d gold, %d missing/not ok %s' % (len(gold['articles']), len(missing_docs), missing_docs or ''))
    print('article date wrong: %d %s' % (len(date_wrong), date_wrong or ''))
    print('lang wrong: %d %s' % (len(lang_wrong), lang_wrong or ''))
    print('offset check: %d of %d predicted mentions have text[start:end] != text' % (len(bad_offsets), n_pred))
    for b in bad_offsets[:20]:
        print('  BAD OFFSET', b)

    stats = {t: collections.Counter() for t in TYPES}
    errors = collections.defaultdict(list)
    other_types = collections.Counter()
    for fname in sorted(gold['articles']):
        text = texts[fname]
        did = by_name.get(fname)
        preds = ents_by_doc.get(did, []) if did else []
        for p in preds:
            if p['type'] not in TYPES:
                other_types[p['type']] += 1
        for T in TYPES:
            merged = T == 'CO+ORG'
            if T in ('COMPANY', 'ORG') or merged:
                want = ('COMPANY', 'ORG') if merged else (T,)
            else:
                want = (T,)
            G = [g for g in gspans[fname] if g['type'] in want]
            # a gold ORG/COMPANY with the other as alt type counts as that type when merged
            P = [p for p in preds if p['type'] in want]
            pairs = []
            for i, p in enumerate(P):
                for j, g in enumerate(G):
                    ov = overlap(p, g)
                    if ov > 0:
                        exact = p['start'] == g['start'] and p['end'] == g['end']
                        pairs.append((-int(exact), -int(not g.get('optional')), -ov, i, j))
            pairs.sort()
            pm, gm = {}, {}
            for _, _, _, i, j in pairs:
                if i in pm or j in gm:
                    continue
                pm[i] = j
                gm[j] = i
            st = stats[T]
            for i, p in enumerate(P):
                if i in pm:
                    g = G[pm[i]]
                    if g.get('optional'):
                        st['ignored'] += 1
                        continue
                    st['TP'] += 1
                    if exact_span(p, g, text):
                        st['exact'] += 1
                    else:
                        errors[T + ' span'].append('%s pred %r gold %r  %s' % (fname, p['text'], g['text'], ctx(text, p['start'], p['end'])))
                    if T == 'DATE':
                        st['norm_n'] += 1
                        if p.get('norm') in g['norm']:
                            st['norm_ok'] += 1
                        else:
                            errors['DATE norm'].append('%s %r norm %s gold %s  %s' % (fname, p['text'], p.get('norm'), g['norm'],
                                                                                  ctx(text, p['start'], p['end'])))
                        st['sem_n'] += 1
                        if p.get('norm') in g.get('sem_norm', g['norm']):
                            st['sem_ok'] += 1
                    if T in ('AMOUNT', 'PERCENT'):
                        st['norm_n'] += 1
                        vok = num_eq(p.get('value'), g['value'])
                        uok = p.get('unit') == g['unit']
                        if vok and uok:
                            st['norm_ok'] += 1
                        else:
                            errors[T + ' value'].append('%s %r value %s %s gold %s %s  %s' % (
                                fname, p['text'], p.get('value'), p.get('unit'), g['value'], g['unit'],
                                ctx(text, p['start'], p['end'])))
                else:
                    # not matched one-to-one: ignore if it overlaps optional gold / alt-typed gold
                    amb = [g for g in gspans[fname] if overlap(p, g) > 0 and
                           (g.get('optional') and tmap(g['type'], merged) == T or
                            (not merged and p['type'] in g.get('alt_types', [])))]
                    if amb:
                        st['ignored'] += 1
                        continue
                    st['FP'] += 1
                    # what gold (any type) does it overlap?
                    ov = [g for g in gspans[fname] if overlap(p, g) > 0]
                    why = (' (overlaps gold %s %r)' % (ov[0]['type'], ov[0]['text'])) if ov else ''
                    errors[T + ' FP'].append('%s %r%s  %s' % (fname, p['text'], why, ctx(text, p['start'], p['end'])))
            for j, g in enumerate(G):
                if j in gm or g.get('optional'):
                    continue
                if not merged and any(p['type'] in g.get('alt_types', []) and overlap(p, g) > 0 for p in preds):
                    st['ignored_alt'] += 1
                    continue
                st['FN'] += 1
                ov = [p for p in preds if overlap(p, g) > 0]
                why = (' (predicted as %s %r)' % (ov[0]['type'], ov[0]['text'])) if ov else ''
                errors[T + ' FN'].append('%s %r%s  %s' % (fname, g['text'], why, ctx(text, g['start'], g['end'])))

    print()
    hdr = '%-8s %5s %5s %5s  %6s %6s %6s  %7s  %-16s %s' % ('type', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'exact', 'norm/value', 'DATE semantic norm')
    print(hdr)
    print('-' * len(hdr))
    tot = collections.Counter()
    for T in TYPES:
        st = stats[T]
        tp, fp, fn = st['TP'], st['FP'], st['FN']
        if T != 'CO+ORG':
            tot['TP'] += tp; tot['FP'] += fp; tot['FN'] += fn
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        ex = '%5.1f%%' % (100 * st['exact'] / tp) if tp else '    -'
        nv = ('%d/%d %5.1f%%' % (st['norm_ok'], st['norm_n'], 100 * st['norm_ok'] / st['norm_n'])) if st['norm_n'] else '-'
        sem = ('%d/%d' % (st['sem_ok'], st['sem_n'])) if T == 'DATE' and st['sem_n'] else ''
        print('%-8s %5d %5d %5d  %6.3f %6.3f %6.3f  %7s  %-16s %s' % (T, tp, fp, fn, p, r, f, ex, nv, sem))
    p = tot['TP'] / (tot['TP'] + tot['FP']) if tot['TP'] + tot['FP'] else 0
    r = tot['TP'] / (tot['TP'] + tot['FN']) if tot['TP'] + tot['FN'] else 0
    print('%-8s %5d %5d %5d  %6.3f %6.3f %6.3f   (micro, separate types; CO+ORG excluded)' % (
        'ALL', tot['TP'], tot['FP'], tot['FN'], p, r, 2 * p * r / (p + r) if p + r else 0))
    if other_types:
        print('other predicted types (not scored):', dict(other_types))
    ign = {T: stats[T]['ignored'] for T in TYPES if stats[T]['ignored']}
    print('predictions on optional/ambiguous gold (ignored):', ign)

    # ---------------- clusters ----------------
    def ids_for(fname, text):
        did = by_name.get(fname)
        if not did:
            return set(), False
        occ = [g for g in gspans[fname] if g['text'] == text and g['type'] in ('PERSON', 'COMPANY', 'ORG', 'PRODUCT')]
        if not occ:  # text only inside a longer gold span: use raw occurrences
            k = texts[fname].find(text)
            occ = []
            while k >= 0:
                occ.append({'start': k, 'end': k + len(text)})
                k = texts[fname].find(text, k + 1)
        ids, found = set(), False
        for p in ents_by_doc.get(did, []):
            if p['type'] in ('PERSON', 'COMPANY', 'ORG') and p.get('entity_id') and any(overlap(p, g) for g in occ):
                # the prediction must cover most of this variant (not a longer/other name)
                ids.add(p['entity_id'])
                found = True
        return ids, found

    print()
    print('cluster checks (entity_id of predicted PERSON/COMPANY/ORG mentions overlapping each variant):')
    ok = bad = ne = 0
    for grp in gold['must_merge']:
        allids, missing = set(), []
        for v in grp:
            ids, found = ids_for(v['doc'], v['text'])
            if not found:
                missing.append(v['text'])
            allids |= ids
        label = ' + '.join(v['text'] for v in grp)
        if missing:
            ne += 1
            errors['must-merge not evaluable'].append('%s: no entity for %s' % (label, missing))
        elif len(allids) == 1:
            ok += 1
        else:
            bad += 1
            errors['must-merge split'].append('%s -> %d ids %s' % (label, len(allids), sorted(allids)))
    print('  must-merge: %d satisfied, %d split, %d not evaluable (a variant not extracted), of %d' % (
        ok, bad, ne, len(gold['must_merge'])))
    ok = bad = ne = 0
    for grp in gold['must_not_merge']:
        (i1, f1), (i2, f2) = [ids_for(v['doc'], v['text']) for v in grp]
        label = ' vs '.join('%s(%s)' % (v['text'], v['doc'][:2]) for v in grp)
        if not (f1 and f2):
            ne += 1
            errors['must-not-merge not evaluable'].append(label)
        elif i1 & i2:
            bad += 1
            errors['must-not-merge VIOLATED'].append('%s share %s' % (label, sorted(i1 & i2)))
        else:
            ok += 1
    print('  must-not-merge: %d respected, %d VIOLATED, %d not evaluable, of %d' % (ok, bad, ne, len(gold['must_not_merge'])))
    # names.jsonl consistency: every predicted entity_id should be in names.jsonl
    nid = {n['entity_id'] for n in names}
    pids = {e.get('entity_id') for e in ents if e.get('entity_id') and e['type'] in ('PERSON', 'COMPANY', 'ORG')}
    print('  names.jsonl: %d entities; %d predicted entity_ids missing from it' % (len(names), len(pids - nid)))
    for k in ('must-merge split', 'must-not-merge VIOLATED'):
        for line in errors.get(k, []):
            print('   ', k + ':', line)

    if a.errors:
        print()
        print('================ errors ================')
        for k in sorted(errors):
            print('--- %s (%d)' % (k, len(errors[k])))
            for line in errors[k]:
                print('   ', line)


if __name__ == '__main__':
    main()
