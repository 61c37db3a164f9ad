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
    selector: &'a Selector,
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
        boxed && is_furniture(el, self.selector)
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

/// Whether an element is page furniture. The page's frame and its marked
/// article are never furniture, whatever their classes say (a body class
/// list often names every widget of the page: "has-share-bar").
pub fn is_furniture(el: &ElementRef, furniture: &Selector) -> bool {
    !is_frame(el.value()) && furniture.matches(el)
}

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

/// The article body as paragraphs separated by blank lines, or None when the
/// page has no text outside its furniture.
pub fn article_body(html: &Html, furniture: &Selector) -> Option<String> {
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
        selector: furniture,
        prose_under: &all.prose_under,
        total,
    };
    let w = walk(root, Some(&f), min_chars);
    if w.prose_under.get(&root.id()).copied().unwrap_or(0) == 0 {
        return None;
    }
    let chosen = container(html, root, &w);
    // The blocks inside the container: those whose owner has it as an
    // ancestor (or is it).
    let inside = |owner: Option<NodeId>| {
        let Some(mut id) = owner else { return false };
        loop {
            if id == chosen {
                return true;
            }
            match html.tree.get(id).and_then(|n| n.parent()) {
                Some(p) => id = p.id(),
                None => return false,
            }
        }
    };
    let mut out = String::new();
    for b in &w.blocks {
        if b.link_density() >= LINK_DENSITY || !inside(b.owner) {
            continue;
        }
        let para = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Lines that are furniture by their words (`data/furniture.tsv`:
        // "Share this article", "© 2020 ...", "Sign up for ..."), which
        // the page did not mark as a box.
        if para.is_empty() || (para.len() < 200 && LINE_RULES.classify(&para).is_some()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
    }
    Some(out)
}
