//! Value counts for the side panel: protocol, verdict, user, server, connection policy, origin and
//! tags over the current result, and the query text that clicking one adds.

use crate::dataset::Dataset;

/// One facet: the query field it filters, its label, its values by count (most first), and how many
/// more values there are than shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Facet {
    pub field: &'static str,
    pub label: &'static str,
    pub values: Vec<(String, usize)>,
    pub more: usize,
}

const FACETS: &[(&str, &str)] = &[
    ("protocol", "Protocol"),
    ("verdict", "Verdict"),
    ("user", "User"),
    ("server", "Server"),
    ("policy", "Connection policy"),
    ("origin", "Origin"),
    ("tag", "Tags"),
];

/// Counts over `rows` (indices into the dataset's sessions), at most `limit` values per facet.
pub fn facets(ds: &Dataset, rows: &[usize], limit: usize) -> Vec<Facet> {
    // Counted by interned id: an array increment per value, which matters at 100,000 sessions a keystroke.
    let n = ds.strings.len();
    let mut counts: Vec<Vec<u32>> = vec![vec![0; n]; FACETS.len()];
    for &r in rows {
        let (Some(ids), Some(tags)) = (ds.facet_ids.get(r), ds.tag_ids.get(r)) else { continue };
        for (i, &id) in ids.iter().enumerate() {
            if let Some(c) = counts[i].get_mut(id as usize) {
                *c += 1;
            }
        }
        for &id in tags.iter() {
            if let Some(c) = counts[6].get_mut(id as usize) {
                *c += 1;
            }
        }
    }
    FACETS
        .iter()
        .zip(counts)
        .map(|(&(field, label), c)| {
            // Id 0 is the empty value: a session without it is not counted.
            let values: Vec<(&str, usize)> =
                c.iter().enumerate().skip(1).filter(|(_, &k)| k > 0).map(|(id, &k)| (ds.strings.get(id as u32), k as usize)).collect();
            let more = values.len().saturating_sub(limit);
            // The few shown, not all of them sorted (10,000 users is a sort per keystroke).
            let values = crate::insights::top_n(values, limit, |a, b| a.cmp(b));
            Facet { field, label, values: values.into_iter().map(|(v, n)| (v.to_string(), n)).collect(), more }
        })
        .collect()
}

/// The query with one more condition: `field:"value"`, or its exclusion. A query with a top-level
/// OR is wrapped in parentheses first, so the new term narrows all of it.
pub fn refine(query: &str, field: &str, value: &str, exclude: bool) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let term = format!("{}{field}:\"{escaped}\"", if exclude { "-" } else { "" });
    if query.contains(&term) {
        return query.trim().to_string();
    }
    crate::query::and_term(query, &term)
}

/// The "review first" triage query: high risk, failed or terminated, alerted, anomalous or scripted.
pub const REVIEW_FIRST: &str = "score:>=70 OR verdict:TERMINATED OR verdict:AUTH_FAIL OR verdict:GW_AUTH_FAIL OR verdict:DENY OR verdict:FAIL OR verdict:KEY_ERROR OR verdict:USER_MAPPING_FAIL OR alerts:>0 OR warnings:>0 OR scripted:true";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Origin;
    use crate::query::filter;

    #[test]
    fn refine_adds_terms_that_narrow_everything() {
        assert_eq!(refine("", "protocol", "SSH", false), "protocol:\"SSH\"");
        assert_eq!(refine("root", "user", "a \"b\"", true), "root -user:\"a \\\"b\\\"\"");
        assert_eq!(refine("a OR b", "protocol", "RDP", false), "(a OR b) protocol:\"RDP\"");
        assert_eq!(refine("protocol:\"RDP\"", "protocol", "RDP", false), "protocol:\"RDP\"");
    }

    #[test]
    fn counts_follow_the_result_and_clicking_a_value_selects_exactly_its_count() {
        let mut ds = Dataset::new();
        ds.add_file("g.ndjson", crate::gen::generate(200, 5).render(crate::gen::Layout::Ndjson).as_bytes(), Origin::Local);
        let all: Vec<usize> = (0..ds.sessions.len()).collect();
        for f in facets(&ds, &all, 5) {
            for (value, n) in &f.values {
                let q = refine("", f.field, value, false);
                assert_eq!(filter(&ds, &q).len(), *n, "{q}");
                let not = refine("", f.field, value, true);
                assert_eq!(filter(&ds, &not).len(), ds.sessions.len() - n, "{not}");
            }
        }
        let ssh = filter(&ds, "protocol:SSH");
        let f = facets(&ds, &ssh, 10);
        assert_eq!(f[0].values, vec![("SSH".to_string(), ssh.len())]);
        assert!(!filter(&ds, REVIEW_FIRST).is_empty());
    }
}
