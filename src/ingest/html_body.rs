//! The article body of a parsed page, by the weight of its text.
//!
//! One walk over the page splits it into blocks (paragraphs, headings, list
//! items, quotes, cells) and credits every element with the characters of
//! the prose blocks under it: blocks long enough to be sentences and not
//! made of links. Page furniture (`data/html_furniture.txt`: navigation,
//! share bars, comments, related stories, newsletter and cookie boxes) is
//! skipped whole. The article's container is found by structure when the
//! page marks it (`itemprop=articleBody`, `<article>`, `<main>`) and holds
//! most of the prose, else by descending from `<body>` into the child that
//! holds most of it, as long as one does. Every block of the container is
//! then kept (short list lines, quotes and subheads too) unless it is mostly
//! links.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};

const FURNITURE_LIST: &str = include_str!("../../data/html_furniture.txt");
use std::collections::HashMap;
use std::sync::LazyLock;

/// A block this long or longer, and not mostly links, is prose.
const PROSE_CHARS: usize = 90;
/// Links over this share of a block's characters make it navigation.
const LINK_DENSITY: f32 = 0.5;
/// Descend into a child holding at least this share of its parent's prose.
const DOMINANT_SHARE: f32 = 0.85;
/// A container marked by structure is taken when it holds this share of the
/// page's prose.
const MARKED_SHARE: f32 = 0.4;

/// Elements that start and end a block. (`<br>` does not: pages wrap the
/// lines of one paragraph with it.)
const BLOCKS: [&str; 35] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "tr",
    "td",
    "th",
    "table",
    "pre",
    "header",
    "footer",
    "figure",
    "figcaption",
    "aside",
    "form",
    "center",
    "address",
    "details",
    "summary",
    "body",
];

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// One stretch of text between block boundaries.
#[derive(Debug, Default)]
struct Block {
    text: String,
    link_chars: usize,
    /// Characters other than white space (counted once, when it ends).
    chars: usize,
    /// The innermost element holding it.
    owner: Option<NodeId>,
}

impl Block {
    fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
    fn is_prose(&self, min_chars: usize) -> bool {
        self.chars >= min_chars && self.link_density() < LINK_DENSITY
    }
}

/// The page split into blocks, furniture left out, and the prose characters
/// under every element.
struct Walk {
    blocks: Vec<Block>,
    prose_under: HashMap<NodeId, usize>,
}

/// Elements whose text is never read.
const NOT_TEXT: [&str; 7] = [
    "script", "style", "noscript", "template", "svg", "head", "title",
];

/// Which elements the walk leaves out.
struct Furniture<'a> {
    rules: &'a FurnitureRules,
    /// Prose under each element when nothing is left out, and on the page:
    /// a "box" holding most of the page's prose is a wrapper whose class
    /// happens to match ("content-sidebar-wrap", "has-comments"), not a box.
    prose_under: &'a HashMap<NodeId, usize>,
    total: usize,
}

impl Furniture<'_> {
    fn hides(&self, el: &ElementRef) -> bool {
        let prose = self.prose_under.get(&el.id()).copied().unwrap_or(0);
        // Furniture by its tag (`<nav>`, `<aside>`) is furniture at any size;
        // by a class or id, only when it is a box, not a wrapper.
        let by_tag = FURNITURE_TAGS.contains(&el.value().name());
        let boxed = by_tag || (prose as f32) < WRAPPER_SHARE * self.total as f32;
        boxed && !is_frame(el.value()) && self.rules.matches(el.value())
    }
}

/// Elements that are furniture by what HTML says they are.
const FURNITURE_TAGS: [&str; 6] = ["nav", "aside", "footer", "header", "figcaption", "button"];

/// A furniture match holding this share of the page's prose is a wrapper.
const WRAPPER_SHARE: f32 = 0.5;

/// `min_chars`: the length from which a block counts as prose.
fn walk(root: ElementRef, furniture: Option<&Furniture>, min_chars: usize) -> Walk {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current = Block::default();
    // Open elements: (id, prose chars so far).
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    // Whether each open element is furniture or inside furniture. The
    // page's marked article clears it: a wrapper whose id happens to match
    // ("shared-nav-content") does not hide the article inside it.
    let mut in_furniture: Vec<bool> = Vec::new();
    let mut prose_under: HashMap<NodeId, usize> = HashMap::new();
    let mut in_link = 0usize;
    let flush = |current: &mut Block, stack: &mut Vec<(NodeId, usize)>, blocks: &mut Vec<Block>| {
        if current.text.trim().is_empty() {
            current.text.clear();
            current.link_chars = 0;
            return;
        }
        let mut b = std::mem::take(current);
        b.owner = stack.last().map(|(id, _)| *id);
        b.chars = b.text.chars().filter(|c| !c.is_whitespace()).count();
        if b.is_prose(min_chars) {
            if let Some(top) = stack.last_mut() {
                top.1 += b.chars;
            }
        }
        blocks.push(b);
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                let hidden = in_furniture.last().copied().unwrap_or(false);
                match node.value() {
                    Node::Element(el) => {
                        let el_ref = ElementRef::wrap(node).expect("an element");
                        let hidden = if NOT_TEXT.contains(&el.name()) {
                            true
                        } else if is_frame(el) {
                            false
                        } else {
                            hidden || furniture.is_some_and(|f| f.hides(&el_ref))
                        };
                        in_furniture.push(hidden);
                        if is_block(el.name()) {
                            flush(&mut current, &mut stack, &mut blocks);
                        }
                        if el.name() == "a" {
                            in_link += 1;
                        }
                        if el.name() == "br" {
                            current.text.push(' ');
                        }
                        stack.push((node.id(), 0));
                    }
                    Node::Text(_) if hidden => {}
                    Node::Text(t) => {
                        if in_link > 0 {
                            current.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                        current.text.push_str(t);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                in_furniture.pop();
                if is_block(el.name()) {
                    flush(&mut current, &mut stack, &mut blocks);
                }
                if el.name() == "a" {
                    in_link = in_link.saturating_sub(1);
                }
                if let Some((id, prose)) = stack.pop() {
                    if prose > 0 {
                        prose_under.insert(id, prose);
                        if let Some(parent) = stack.last_mut() {
                            parent.1 += prose;
                        }
                    }
                }
            }
        }
    }
    flush(&mut current, &mut stack, &mut blocks);
    Walk {
        blocks,
        prose_under,
    }
}

/// Page furniture by what an element is called (`data/html_furniture.txt`):
/// its tag (`nav`), an attribute's value (`[role=navigation]`), or a part
/// of a word of its class or id (`[class*=share]`, `[id*=share]`: either
/// names the other too, as pages use them alike).
#[derive(Debug, Default)]
pub struct FurnitureRules {
    tags: Vec<String>,
    attr_equals: Vec<(String, String)>,
    /// Parts of class and id words: pages name a box by either.
    name_parts: Vec<String>,
}

/// Class words that say what state an element is in or what its content is
/// about, not what it is: a "no-share" or "has-comments" article is not a
/// share bar or a comment, nor is a post filed under "category-social-issues"
/// (the class words a CMS gives a post for its categories and tags).
const STATE_PREFIXES: [&str; 10] = [
    "no-",
    "no_",
    "has-",
    "has_",
    "with-",
    "with_",
    "hide-",
    "without-",
    "category-",
    "tag-",
];

impl FurnitureRules {
    /// One rule a line; `#` starts a comment.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut rules = FurnitureRules::default();
        for line in list.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                if !line.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(format!("not a tag name or [attribute] rule: {line}"));
                }
                rules.tags.push(line.to_ascii_lowercase());
                continue;
            };
            let bad = || format!("not [attr=value] or [class*=part] / [id*=part]: {line}");
            let (attr, value) = inner.split_once('=').ok_or_else(bad)?;
            let value = value.trim_matches('"').to_ascii_lowercase();
            let name = attr.strip_suffix('*').unwrap_or(attr);
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(bad());
            }
            match attr.strip_suffix('*') {
                Some("class" | "id") if !rules.name_parts.contains(&value) => {
                    rules.name_parts.push(value)
                }
                Some("class" | "id") => {}
                Some(_) => return Err(bad()),
                None => rules.attr_equals.push((attr.to_ascii_lowercase(), value)),
            }
        }
        Ok(rules)
    }

    fn matches(&self, el: &scraper::node::Element) -> bool {
        if self.tags.iter().any(|t| t == el.name()) {
            return true;
        }
        if self.attr_equals.iter().any(|(a, v)| {
            el.attr(a)
                .is_some_and(|got| got.trim().eq_ignore_ascii_case(v))
        }) {
            return true;
        }
        let names = |value: Option<&str>| {
            value.is_some_and(|value| {
                value.split_ascii_whitespace().any(|word| {
                    let word = word.to_ascii_lowercase();
                    !STATE_PREFIXES.iter().any(|p| word.starts_with(p))
                        && self.name_parts.iter().any(|p| word.contains(p.as_str()))
                })
            })
        };
        names(el.attr("class")) || names(el.attr("id"))
    }
}

static FURNITURE: LazyLock<FurnitureRules> = LazyLock::new(|| {
    FurnitureRules::parse(FURNITURE_LIST).expect("data/html_furniture.txt holds valid rules")
});

/// The page's frame and the article it marks.
fn is_frame(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "html" | "body" | "main" | "article")
        || el
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
}

/// Elements that mark the article's container by structure.
static MARKED: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        r#"[itemprop="articleBody"], [itemprop="articlebody"], article, main, [role="main"]"#,
    )
    .expect("built-in selector")
});

/// The element holding the article.
fn container(html: &Html, root: ElementRef, w: &Walk) -> NodeId {
    let prose = |id: NodeId| w.prose_under.get(&id).copied().unwrap_or(0);
    let total = prose(root.id());
    // Descend while one child holds most of the prose.
    let mut node = root;
    loop {
        let here = prose(node.id());
        let best = node
            .children()
            .filter_map(ElementRef::wrap)
            .max_by_key(|c| prose(c.id()));
        match best {
            Some(c) if here > 0 && prose(c.id()) as f32 >= DOMINANT_SHARE * here as f32 => node = c,
            _ => break,
        }
    }
    // A container the page marks, holding enough of the prose, inside or
    // around the one found by weight: the smallest such.
    let marked = html
        .select(&MARKED)
        .filter(|m| prose(m.id()) as f32 >= MARKED_SHARE * total as f32)
        .min_by_key(|m| prose(m.id()));
    match marked {
        Some(m) if prose(m.id()) >= prose(node.id()) / 2 => m.id(),
        _ => node.id(),
    }
}

static LINE_RULES: LazyLock<crate::text::FurnitureRules> =
    LazyLock::new(crate::text::FurnitureRules::builtin);

/// How the body of a page was found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Found {
    /// The prose of the article's container.
    Prose,
    /// No prose outside the furniture: every text block outside it.
    AllText,
}

/// The article body as paragraphs separated by blank lines. A page with no
/// prose outside its furniture keeps all its text blocks outside it
/// (`Found::AllText`).
pub fn article_body(html: &Html) -> (String, Found) {
    static BODY: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("body").expect("built-in selector"));
    let root = html.select(&BODY).next().unwrap_or(html.root_element());
    let mut min_chars = PROSE_CHARS;
    let mut all = walk(root, None, min_chars);
    if all.prose_under.get(&root.id()).copied().unwrap_or(0) == 0 {
        // A short page (a brief, a JSONL `html` snippet): every block that
        // is not links weighs.
        min_chars = 1;
        all = walk(root, None, min_chars);
    }
    let total = all.prose_under.get(&root.id()).copied().unwrap_or(0);
    let f = Furniture {
        rules: &FURNITURE,
        prose_under: &all.prose_under,
        total,
    };
    let w = walk(root, Some(&f), min_chars);
    if w.prose_under.get(&root.id()).copied().unwrap_or(0) == 0 {
        // No prose outside the furniture: every block outside it, links
        // too (a page of furniture alone has no article).
        return (paragraphs(w.blocks.iter(), |_| true), Found::AllText);
    }
    let chosen = container(html, root, &w);
    // The blocks inside the container: those whose owner has it as an
    // ancestor (or is it).
    let inside = |b: &Block| {
        let Some(mut id) = b.owner else { return false };
        loop {
            if id == chosen {
                return b.link_density() < LINK_DENSITY;
            }
            match html.tree.get(id).and_then(|n| n.parent()) {
                Some(p) => id = p.id(),
                None => return false,
            }
        }
    };
    (paragraphs(w.blocks.iter(), inside), Found::Prose)
}

/// The kept blocks as paragraphs separated by blank lines, without lines
/// that are furniture by their words (`data/furniture.tsv`: "Share this
/// article", "© 2020 ...", "Sign up for ...") which the page did not mark
/// as a box.
fn paragraphs<'a>(
    blocks: impl Iterator<Item = &'a Block>,
    keep: impl Fn(&Block) -> bool,
) -> String {
    let mut out = String::new();
    for b in blocks.filter(|b| keep(b)) {
        let para = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if para.is_empty() || (para.len() < 200 && LINE_RULES.classify(&para).is_some()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_furniture_list_parses() {
        let rules = FurnitureRules::parse(FURNITURE_LIST).unwrap();
        assert!(rules.tags.contains(&"nav".to_string()));
        assert!(FurnitureRules::parse("div > p").is_err());
        assert!(FurnitureRules::parse("[data~=x]").is_err());
    }

    #[test]
    fn state_words_do_not_make_furniture() {
        let rules = FurnitureRules::parse("[class*=share]\n[role=navigation]\naside").unwrap();
        let page = Html::parse_document(
            r#"<div id="a" class="no-share post"></div><div id="b" class="post share-bar"></div>
<div id="c" role="Navigation"></div><aside id="d"></aside><div id="e" class="ShareThis"></div>
<div id="f" class="post category-social-media"></div>"#,
        );
        let sel = Selector::parse("[id]").unwrap();
        let got: Vec<(&str, bool)> = page
            .select(&sel)
            .map(|e| (e.value().id().unwrap(), rules.matches(e.value())))
            .collect();
        assert_eq!(
            got,
            [
                ("a", false),
                ("b", true),
                ("c", true),
                ("d", true),
                ("e", true),
                ("f", false)
            ]
        );
    }
}
