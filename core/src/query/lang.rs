//! The search language auditors already use in SPS: `field:value`, quoted phrases, `*` wildcards,
//! `AND`/`OR`/`NOT` (or `-`) with parentheses, ranges `[a TO b]` (`{a TO b}` excludes the ends, `*` is
//! open) and comparisons `field:>x`, `>=`, `<`, `<=`. Juxtaposed terms are ANDed; NOT binds tightest,
//! then AND, then OR. A syntax error says where (character offset) and what was expected.

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Matches everything (the empty query).
    All,
    /// A term: `field:value`, or a value alone (free text).
    Term {
        /// The field, when one is named.
        field: Option<String>,
        /// What it compares with.
        value: Value,
    },
    /// `-x` or `NOT x`.
    Not(Box<Expr>),
    /// Terms side by side, or joined by `AND`.
    And(Vec<Expr>),
    /// Terms joined by `OR`.
    Or(Vec<Expr>),
}

/// What a term compares against.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A word; `*` and `?` are wildcards when `wild`.
    Word {
        /// The word.
        text: String,
        /// It holds `*` or `?`.
        wild: bool,
    },
    /// A quoted phrase: matched as written (case-insensitive), no wildcards.
    Phrase(String),
    /// `[lo TO hi]`, `{lo TO hi}` or mixed (`[lo TO hi}`); `None` is an open end (`*`).
    Range {
        /// The low end (`None`: open).
        lo: Option<String>,
        /// The high end (`None`: open).
        hi: Option<String>,
        /// `[`: the low end is in the range.
        lo_inclusive: bool,
        /// `]`: the high end is in the range.
        hi_inclusive: bool,
    },
    /// `>v`, `>=v`, `<v`, `<=v`.
    Compare {
        /// The comparison.
        op: Op,
        /// What is compared with.
        value: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// A comparison of [`Value::Compare`].
pub enum Op {
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
}

/// A syntax error: what was expected, and the character column (1-based) where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was wrong.
    pub kind: SyntaxKind,
    /// Where: the character column, from 1.
    pub column: usize,
}

/// What a query's syntax error is; each says itself through `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxKind {
    /// Nothing where a term belongs.
    NoTerm,
    /// `()`: nothing inside the parentheses.
    EmptyParentheses,
    /// A `(` never closed: the column it opened at.
    Unclosed(usize),
    /// A `)` with no `(` before it.
    UnmatchedClose,
    /// A `)` straight after an operator or an opening.
    TermBeforeClose,
    /// An operator with no term before it.
    TermBeforeOperator,
    /// Something after a whole query that is neither an operator nor its end.
    ExpectedOperator,
    /// `field:` and nothing after it: the field's name.
    NoValue(String),
    /// `field:>` and nothing after it.
    NoComparand,
    /// A character that starts no word or phrase.
    Unexpected(char),
    /// A `"` never closed.
    UnclosedPhrase,
    /// A range without `TO`.
    NoTo,
    /// A range without its closing `]` or `}`.
    UnclosedRange,
    /// A range end with no value.
    NoBound,
}

impl std::fmt::Display for SyntaxKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            SyntaxKind::NoTerm => "expected a search term",
            SyntaxKind::EmptyParentheses => "expected a search term inside the parentheses",
            SyntaxKind::Unclosed(open) => {
                return write!(f, "expected ')' to close the '(' at column {open}")
            }
            SyntaxKind::UnmatchedClose => "no '(' to match this ')'",
            SyntaxKind::TermBeforeClose => "expected a search term before ')'",
            SyntaxKind::TermBeforeOperator => "expected a search term before this operator",
            SyntaxKind::ExpectedOperator => "expected AND, OR or the end of the query",
            SyntaxKind::NoValue(field) => return write!(f, "expected a value after '{field}:'"),
            SyntaxKind::NoComparand => "expected a value to compare with",
            SyntaxKind::Unexpected(c) => {
                return write!(f, "expected a word or a \"phrase\", found '{c}'")
            }
            SyntaxKind::UnclosedPhrase => "expected a closing '\"' for the phrase that starts here",
            SyntaxKind::NoTo => "expected TO between the ends of the range",
            SyntaxKind::UnclosedRange => {
                "expected ']' (end included) or '}' (end excluded) to close the range"
            }
            SyntaxKind::NoBound => "expected a value or * for an open end",
        };
        f.write_str(text)
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.kind)
    }
}

/// Parses a query. The empty query is [`Expr::All`].
pub fn parse(query: &str) -> Result<Expr, SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let mut p = Parser { s: &chars, i: 0 };
    p.ws();
    if p.at_end() {
        return Ok(Expr::All);
    }
    let e = p.or()?;
    p.ws();
    if !p.at_end() {
        return Err(p.error(if p.peek() == Some(')') {
            SyntaxKind::UnmatchedClose
        } else {
            SyntaxKind::ExpectedOperator
        }));
    }
    Ok(e)
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
}

/// Characters that end a bare word (besides whitespace).
const STOP: &[char] = &['(', ')', '"', '[', ']', '{', '}'];

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }
    fn error(&self, kind: SyntaxKind) -> SyntaxError {
        SyntaxError { column: self.i + 1, kind }
    }
    /// The upper-case keyword at the cursor, if it is one (and stands alone).
    fn keyword(&self, kw: &str) -> bool {
        let n = kw.chars().count();
        let word: String = self.s.iter().skip(self.i).take(n).collect();
        word == kw
            && self.s.get(self.i + n).is_none_or(|c| c.is_whitespace() || *c == '(' || *c == ')')
    }
    fn eat_keyword(&mut self, kw: &str) -> bool {
        self.ws();
        if self.keyword(kw) {
            self.i += kw.chars().count();
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.and()?];
        while self.eat_keyword("OR") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::Or(parts) })
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut parts = vec![self.unary()?];
        loop {
            self.ws();
            if self.at_end() || self.peek() == Some(')') || self.keyword("OR") {
                break;
            }
            self.eat_keyword("AND");
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::And(parts) })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        self.ws();
        if self.eat_keyword("NOT") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|c| !c.is_whitespace()) {
            self.i += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        self.ws();
        match self.peek() {
            None => Err(self.error(SyntaxKind::NoTerm)),
            Some('(') => {
                let open = self.i;
                self.i += 1;
                self.ws();
                if self.peek() == Some(')') {
                    return Err(self.error(SyntaxKind::EmptyParentheses));
                }
                let e = self.or()?;
                self.ws();
                if self.peek() != Some(')') {
                    return Err(SyntaxError {
                        column: self.i + 1,
                        kind: SyntaxKind::Unclosed(open + 1),
                    });
                }
                self.i += 1;
                Ok(e)
            }
            Some(')') => Err(self.error(SyntaxKind::TermBeforeClose)),
            Some(_) if self.keyword("AND") || self.keyword("OR") => {
                Err(self.error(SyntaxKind::TermBeforeOperator))
            }
            Some(_) => self.term(),
        }
    }

    fn term(&mut self) -> Result<Expr, SyntaxError> {
        // A field name is a bare word followed directly by ':'. Any character past ASCII counts as a
        // letter of it (a key may be in any script; Unicode's table of letters would cost the bundle
        // more than it tells apart here).
        let start = self.i;
        let mut j = self.i;
        while j < self.s.len()
            && (self.s[j].is_ascii_alphanumeric()
                || !self.s[j].is_ascii()
                || matches!(self.s[j], '_' | '.' | '*' | '-'))
        {
            j += 1;
        }
        // Field names start with a letter or '_', so "2024-03-01T10:00" stays one word.
        let named = self
            .s
            .get(start)
            .is_some_and(|c| c.is_ascii_alphabetic() || !c.is_ascii() || *c == '_');
        if j > start && named && self.s.get(j) == Some(&':') {
            let field: String = self.s[start..j].iter().collect();
            self.i = j + 1;
            if self.peek().is_none_or(char::is_whitespace) || self.peek() == Some(')') {
                return Err(self.error(SyntaxKind::NoValue(field.to_string())));
            }
            let value = self.value()?;
            return Ok(Expr::Term { field: Some(field), value });
        }
        let value = self.value()?;
        Ok(Expr::Term { field: None, value })
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        match self.peek() {
            Some('"') => Ok(Value::Phrase(self.phrase()?)),
            Some(c @ ('[' | '{')) => self.range(c == '['),
            Some('>' | '<') => {
                let lt = self.peek() == Some('<');
                self.i += 1;
                let eq = self.peek() == Some('=');
                if eq {
                    self.i += 1;
                }
                let op = match (lt, eq) {
                    (false, false) => Op::Gt,
                    (false, true) => Op::Ge,
                    (true, false) => Op::Lt,
                    (true, true) => Op::Le,
                };
                let value = if self.peek() == Some('"') { self.phrase()? } else { self.word() };
                if value.is_empty() {
                    return Err(self.error(SyntaxKind::NoComparand));
                }
                Ok(Value::Compare { op, value })
            }
            Some(c) if STOP.contains(&c) => Err(self.error(SyntaxKind::Unexpected(c))),
            _ => {
                let text = self.word();
                if text.is_empty() {
                    return Err(self.error(SyntaxKind::NoTerm));
                }
                let wild = text.contains(['*', '?']);
                Ok(Value::Word { text, wild })
            }
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| !c.is_whitespace() && !STOP.contains(&c)) {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }

    fn phrase(&mut self) -> Result<String, SyntaxError> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(SyntaxError { column: open + 1, kind: SyntaxKind::UnclosedPhrase })
                }
                Some('"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some('\\') if self.s.get(self.i + 1).is_some() => {
                    out.push(self.s[self.i + 1]);
                    self.i += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn range(&mut self, lo_inclusive: bool) -> Result<Value, SyntaxError> {
        self.i += 1;
        self.ws();
        let lo = self.bound()?;
        self.ws();
        if !self.eat_keyword("TO") {
            return Err(self.error(SyntaxKind::NoTo));
        }
        self.ws();
        let hi = self.bound()?;
        self.ws();
        let hi_inclusive = match self.peek() {
            Some(']') => true,
            Some('}') => false,
            _ => return Err(self.error(SyntaxKind::UnclosedRange)),
        };
        self.i += 1;
        Ok(Value::Range { lo, hi, lo_inclusive, hi_inclusive })
    }

    fn bound(&mut self) -> Result<Option<String>, SyntaxError> {
        let v = if self.peek() == Some('"') { self.phrase()? } else { self.word() };
        match v.as_str() {
            "" => Err(self.error(SyntaxKind::NoBound)),
            "*" => Ok(None),
            _ => Ok(Some(v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Value {
        Value::Word { text: t.into(), wild: t.contains('*') }
    }
    fn term(f: Option<&str>, v: Value) -> Expr {
        Expr::Term { field: f.map(String::from), value: v }
    }

    #[test]
    fn fields_phrases_and_implicit_and() {
        assert_eq!(parse("").unwrap(), Expr::All);
        assert_eq!(
            parse(r#"user.name:alice "rm -rf" adm*"#).unwrap(),
            Expr::And(vec![
                term(Some("user.name"), word("alice")),
                term(None, Value::Phrase("rm -rf".into())),
                term(None, word("adm*"))
            ])
        );
        // A time value keeps its colons.
        assert_eq!(
            parse("start_time:2024-03-01T10:00:00Z").unwrap(),
            term(Some("start_time"), word("2024-03-01T10:00:00Z"))
        );
        // A key in another script is a field too; a word that starts with a digit is not.
        assert_eq!(parse("größe:5").unwrap(), term(Some("größe"), word("5")));
        assert_eq!(parse("2x:5").unwrap(), term(None, word("2x:5")));
    }

    #[test]
    fn precedence_not_and_or() {
        let e = parse("a OR b c AND NOT d").unwrap();
        assert_eq!(
            e,
            Expr::Or(vec![
                term(None, word("a")),
                Expr::And(vec![
                    term(None, word("b")),
                    term(None, word("c")),
                    Expr::Not(Box::new(term(None, word("d"))))
                ])
            ])
        );
        assert_eq!(
            parse("-(x OR y)").unwrap(),
            Expr::Not(Box::new(Expr::Or(vec![term(None, word("x")), term(None, word("y"))])))
        );
        // Lower-case words are words, not operators.
        assert_eq!(parse("or").unwrap(), term(None, word("or")));
    }

    #[test]
    fn ranges_and_comparisons() {
        assert_eq!(
            parse("analytics.score.aggregated:[70 TO 100]").unwrap(),
            term(
                Some("analytics.score.aggregated"),
                Value::Range {
                    lo: Some("70".into()),
                    hi: Some("100".into()),
                    lo_inclusive: true,
                    hi_inclusive: true
                }
            )
        );
        assert_eq!(
            parse("score:{* TO 5}").unwrap(),
            term(
                Some("score"),
                Value::Range {
                    lo: None,
                    hi: Some("5".into()),
                    lo_inclusive: false,
                    hi_inclusive: false
                }
            )
        );
        assert_eq!(
            parse("start_time:>=2024-03-01").unwrap(),
            term(Some("start_time"), Value::Compare { op: Op::Ge, value: "2024-03-01".into() })
        );
    }

    #[test]
    fn errors_say_where_and_what_was_expected() {
        let e = |q: &str| parse(q).unwrap_err().to_string();
        assert_eq!(e("(a OR b"), "column 8: expected ')' to close the '(' at column 1");
        assert_eq!(e("user:"), "column 6: expected a value after 'user:'");
        assert_eq!(e("score:[1 100]"), "column 10: expected TO between the ends of the range");
        assert_eq!(
            e("score:[1 TO 100"),
            "column 16: expected ']' (end included) or '}' (end excluded) to close the range"
        );
        assert_eq!(
            e("\"open"),
            "column 1: expected a closing '\"' for the phrase that starts here"
        );
        assert_eq!(e("a OR"), "column 5: expected a search term");
        assert_eq!(e("a )"), "column 3: no '(' to match this ')'");
        assert_eq!(e("AND a"), "column 1: expected a search term before this operator");
        assert_eq!(e("a:>"), "column 4: expected a value to compare with");
    }
}
