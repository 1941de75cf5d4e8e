//! The search language auditors already use in SPS: `field:value`, quoted phrases, `*` wildcards,
//! `AND`/`OR`/`NOT` (or `-`) with parentheses, ranges `[a TO b]` (`{a TO b}` excludes the ends, `*` is
//! open) and comparisons `field:>x`, `>=`, `<`, `<=`. Juxtaposed terms are ANDed; NOT binds tightest,
//! then AND, then OR. A syntax error says where (character offset) and what was expected.

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Matches everything (the empty query).
    All,
    Term {
        field: Option<String>,
        value: Value,
    },
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// What a term compares against.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A word; `*` and `?` are wildcards when `wild`.
    Word {
        text: String,
        wild: bool,
    },
    /// A quoted phrase: matched as written (case-insensitive), no wildcards.
    Phrase(String),
    /// `[lo TO hi]`, `{lo TO hi}` or mixed (`[lo TO hi}`); `None` is an open end (`*`).
    Range {
        lo: Option<String>,
        hi: Option<String>,
        lo_inclusive: bool,
        hi_inclusive: bool,
    },
    Compare {
        op: Op,
        value: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
}

/// A syntax error: the character column (1-based) where it was found, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
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
            "no '(' to match this ')'"
        } else {
            "expected AND, OR or the end of the query"
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
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError { column: self.i + 1, message: message.into() }
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
            None => Err(self.error("expected a search term")),
            Some('(') => {
                let open = self.i;
                self.i += 1;
                self.ws();
                if self.peek() == Some(')') {
                    return Err(self.error("expected a search term inside the parentheses"));
                }
                let e = self.or()?;
                self.ws();
                if self.peek() != Some(')') {
                    return Err(SyntaxError {
                        column: self.i + 1,
                        message: format!("expected ')' to close the '(' at column {}", open + 1),
                    });
                }
                self.i += 1;
                Ok(e)
            }
            Some(')') => Err(self.error("expected a search term before ')'")),
            Some(_) if self.keyword("AND") || self.keyword("OR") => {
                Err(self.error("expected a search term before this operator"))
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
                return Err(self.error(format!("expected a value after '{field}:'")));
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
                    return Err(self.error("expected a value to compare with"));
                }
                Ok(Value::Compare { op, value })
            }
            Some(c) if STOP.contains(&c) => {
                Err(self.error(format!("expected a word or a \"phrase\", found '{c}'")))
            }
            _ => {
                let text = self.word();
                if text.is_empty() {
                    return Err(self.error("expected a search term"));
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
                    return Err(SyntaxError {
                        column: open + 1,
                        message: "expected a closing '\"' for the phrase that starts here".into(),
                    })
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
            return Err(self.error("expected TO between the ends of the range"));
        }
        self.ws();
        let hi = self.bound()?;
        self.ws();
        let hi_inclusive = match self.peek() {
            Some(']') => true,
            Some('}') => false,
            _ => {
                return Err(self
                    .error("expected ']' (end included) or '}' (end excluded) to close the range"))
            }
        };
        self.i += 1;
        Ok(Value::Range { lo, hi, lo_inclusive, hi_inclusive })
    }

    fn bound(&mut self) -> Result<Option<String>, SyntaxError> {
        let v = if self.peek() == Some('"') { self.phrase()? } else { self.word() };
        match v.as_str() {
            "" => Err(self.error("expected a value or * for an open end")),
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
