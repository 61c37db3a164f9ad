//! The money, percent and share-count table: each text and every mention the
//! money extractor must report for it, nothing more. A mention is written
//! `kind|text|value` followed by `|attr=value` for each attribute it carries
//! besides the derived currency/amount/low/high (those are checked apart).

use newsline::extract::{money, Context};
use newsline::model::{Document, Mention};
use newsline::Resources;
use std::sync::OnceLock;

fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(Resources::builtin)
}

fn extract(text: &str) -> Vec<Mention> {
    let doc = Document {
        text: text.to_string(),
        ..Document::default()
    };
    let sentences = vec![std::ops::Range {
        start: 0,
        end: text.len(),
    }];
    let ctx = Context {
        doc: &doc,
        sentences: &sentences,
        res: resources(),
    };
    money::extract(&ctx)
}

fn render(m: &Mention, text: &str) -> String {
    let a = &m.attrs;
    let mut s = format!(
        "{}|{}|{}",
        m.kind.as_str(),
        &text[m.span.clone()],
        a.value.as_deref().unwrap_or("")
    );
    for (key, value) in [
        ("qualifier", &a.qualifier),
        ("per", &a.per),
        ("unit", &a.unit),
        ("equivalent", &a.equivalent),
    ] {
        if let Some(v) = value {
            s += &format!("|{key}={v}");
        }
    }
    if a.ambiguous {
        s += &format!("|candidates={}", a.candidates.join(","));
    }
    if a.approximate {
        s += "|approximate";
    }
    if let Some(basis) = &a.currency_basis {
        s += &format!("|basis={basis}");
    }
    s
}

const CASES: &[(&str, &[&str])] = &[
    // --- symbols and codes, before and after
    (
        "It raised $767 million.",
        &["money|$767 million|USD 767000000"],
    ),
    (
        "an IPO Worth $767 Million",
        &["money|$767 Million|USD 767000000"],
    ),
    ("a price of US$299", &["money|US$299|USD 299"]),
    (
        "raised U.S. $620 million",
        &["money|U.S. $620 million|USD 620000000"],
    ),
    ("paid US $5 million", &["money|US $5 million|USD 5000000"]),
    ("costs USD 200 today", &["money|USD 200|USD 200"]),
    ("costs 200 USD today", &["money|200 USD|USD 200"]),
    (
        "profit of USD34.6 million",
        &["money|USD34.6 million|USD 34600000"],
    ),
    ("fees of USD$12", &["money|USD$12|USD 12"]),
    ("at HK$3.85 each", &["money|HK$3.85|HKD 3.85"]),
    ("a C$40 million loan", &["money|C$40 million|CAD 40000000"]),
    (
        "raised A$1.2 billion",
        &["money|A$1.2 billion|AUD 1200000000"],
    ),
    (
        "sold for S$15 million",
        &["money|S$15 million|SGD 15000000"],
    ),
    (
        "earned NT$8.5 billion",
        &["money|NT$8.5 billion|TWD 8500000000"],
    ),
    ("worth R$3 billion", &["money|R$3 billion|BRL 3000000000"]),
    (
        "a €2.5 billion bond",
        &["money|€2.5 billion|EUR 2500000000"],
    ),
    ("a £40m fine", &["money|£40m|GBP 40000000"]),
    ("priced at ¥1,200", &["money|¥1,200|JPY 1200"]),
    (
        "Tokyo: sales of ¥3 trillion",
        &["money|¥3 trillion|JPY 3000000000000"],
    ),
    ("a ₹500 crore deal", &["money|₹500 crore|INR 5000000000"]),
    (
        "a ₩2 trillion plant",
        &["money|₩2 trillion|KRW 2000000000000"],
    ),
    (
        "RMB 10 billion of loans",
        &["money|RMB 10 billion|CNY 10000000000"],
    ),
    ("RMB10bn of loans", &["money|RMB10bn|CNY 10000000000"]),
    ("EUR 5 million", &["money|EUR 5 million|EUR 5000000"]),
    ("CHF 120 per share", &["money|CHF 120|CHF 120|per=share"]),
    ("costs 20€ here", &["money|20€|EUR 20"]),
    ("$249 USD", &["money|$249 USD|USD 249"]),
    (
        "the program costs $99 (USD) to join",
        &["money|$99 (USD)|USD 99"],
    ),
    // --- words
    (
        "50 billion yuan in revenue",
        &["money|50 billion yuan|CNY 50000000000"],
    ),
    (
        "10 billion renminbi",
        &["money|10 billion renminbi|CNY 10000000000"],
    ),
    (
        "300 million euros",
        &["money|300 million euros|EUR 300000000"],
    ),
    ("5 million pounds", &["money|5 million pounds|GBP 5000000"]),
    ("2 million pounds of beef", &[]),
    ("40 crore rupees", &["money|40 crore rupees|INR 400000000"]),
    (
        "about 7 billion dollars",
        &["money|about 7 billion dollars|USD 7000000000|qualifier=about"],
    ),
    (
        "1.2 billion Hong Kong dollars",
        &["money|1.2 billion Hong Kong dollars|HKD 1200000000"],
    ),
    (
        "5 billion U.S. dollars",
        &["money|5 billion U.S. dollars|USD 5000000000"],
    ),
    (
        "around $9.99 US dollars",
        &["money|around $9.99 US dollars|USD 9.99|qualifier=around"],
    ),
    (
        "80 million Canadian dollars",
        &["money|80 million Canadian dollars|CAD 80000000"],
    ),
    (
        "300 billion won",
        &["money|300 billion won|KRW 300000000000"],
    ),
    ("5 billion yen", &["money|5 billion yen|JPY 5000000000"]),
    (
        "12 mln Swiss francs",
        &["money|12 mln Swiss francs|CHF 12000000"],
    ),
    (
        "4 billion rupiah",
        &["money|4 billion rupiah|IDR 4000000000"],
    ),
    // --- multipliers written out, abbreviated, glued
    ("$767m IPO", &["money|$767m|USD 767000000"]),
    ("a $37bn deal", &["money|$37bn|USD 37000000000"]),
    ("$1.1 billion", &["money|$1.1 billion|USD 1100000000"]),
    ("$3.3 billion", &["money|$3.3 billion|USD 3300000000"]),
    ("$0.7 million", &["money|$0.7 million|USD 700000"]),
    ("$10k prize", &["money|$10k|USD 10000"]),
    ("$250 thousand", &["money|$250 thousand|USD 250000"]),
    ("$767 mn IPO", &["money|$767 mn|USD 767000000"]),
    ("$5 mln", &["money|$5 mln|USD 5000000"]),
    ("$25MM credit line", &["money|$25MM|USD 25000000"]),
    ("$5 bln", &["money|$5 bln|USD 5000000000"]),
    ("$2b valuation", &["money|$2b|USD 2000000000"]),
    ("$1.2 trillion", &["money|$1.2 trillion|USD 1200000000000"]),
    ("$3tn", &["money|$3tn|USD 3000000000000"]),
    ("Rs 5 crore", &["money|Rs 5 crore|INR 50000000"]),
    ("Rs. 2.5 lakh", &["money|Rs. 2.5 lakh|INR 250000"]),
    (
        "₹1.5 lakh crore",
        &["money|₹1.5 lakh crore|INR 1500000000000"],
    ),
    ("a $5-million grant", &["money|$5-million|USD 5000000"]),
    ("$1,099", &["money|$1,099|USD 1099"]),
    ("$348.8 billion", &["money|$348.8 billion|USD 348800000000"]),
    (
        "$1.23456 billion",
        &["money|$1.23456 billion|USD 1234560000"],
    ),
    // --- ranges
    (
        "HK$3.85 to HK$3.99",
        &["money|HK$3.85 to HK$3.99|HKD 3.85..3.99"],
    ),
    (
        "priced from HK$3.85 to HK$3.99",
        &["money|HK$3.85|HKD 3.85", "money|HK$3.99|HKD 3.99"],
    ),
    (
        "in a price range of HK$3.85 to HK$3.99",
        &["money|HK$3.85 to HK$3.99|HKD 3.85..3.99"],
    ),
    (
        "shares ranging from HK$3.85 to HK$3.99",
        &["money|HK$3.85 to HK$3.99|HKD 3.85..3.99"],
    ),
    (
        "$1-2 billion",
        &["money|$1-2 billion|USD 1000000000..2000000000"],
    ),
    (
        "between $5 million and $10 million",
        &["money|between $5 million and $10 million|USD 5000000..10000000"],
    ),
    ("$3.85-$3.99", &["money|$3.85-$3.99|USD 3.85..3.99"]),
    ("$3.85 - $3.99", &["money|$3.85 - $3.99|USD 3.85..3.99"]),
    (
        "$1 billion to $2 billion",
        &["money|$1 billion to $2 billion|USD 1000000000..2000000000"],
    ),
    (
        "$5 to $10 million",
        &["money|$5 to $10 million|USD 5000000..10000000"],
    ),
    ("HK$3.85 to 3.99", &["money|HK$3.85 to 3.99|HKD 3.85..3.99"]),
    (
        "15 to 20 mln dlrs",
        &["money|15 to 20 mln dlrs|USD 15000000..20000000"],
    ),
    (
        "1-2 billion yuan",
        &["money|1-2 billion yuan|CNY 1000000000..2000000000"],
    ),
    (
        "between 30 and 40 pct",
        &["percent|between 30 and 40 pct|30..40"],
    ),
    ("10-15%", &["percent|10-15%|10..15"]),
    ("10% to 15%", &["percent|10% to 15%|10..15"]),
    ("17 to 18 pct", &["percent|17 to 18 pct|17..18"]),
    (
        "1-2 million shares",
        &["quantity|1-2 million shares|1000000..2000000|unit=shares"],
    ),
    ("$2bn-$3bn", &["money|$2bn-$3bn|USD 2000000000..3000000000"]),
    ("€1bn–€2bn", &["money|€1bn–€2bn|EUR 1000000000..2000000000"]),
    ("10-15 cts", &["money|10-15 cts|USD 0.1..0.15"]),
    // a "range" whose ends do not ascend is two amounts
    (
        "cut by $5 million to $3 million",
        &[
            "money|$5 million|USD 5000000",
            "money|$3 million|USD 3000000",
        ],
    ),
    (
        "raise $1-2 billion",
        &["money|$1-2 billion|USD 1000000000..2000000000"],
    ),
    ("up 5% to 10%", &["percent|5%|5", "percent|10%|10"]),
    (
        "rose to 5.2 mln dlrs from 4.1 mln",
        &[
            "money|5.2 mln dlrs|USD 5200000",
            "money|4.1 mln|USD 4100000",
        ],
    ),
    // --- qualifiers
    (
        "about $42 billion",
        &["money|about $42 billion|USD 42000000000|qualifier=about"],
    ),
    (
        "around $5 million",
        &["money|around $5 million|USD 5000000|qualifier=around"],
    ),
    (
        "nearly $3 billion",
        &["money|nearly $3 billion|USD 3000000000|qualifier=nearly"],
    ),
    (
        "roughly €8 billion",
        &["money|roughly €8 billion|EUR 8000000000|qualifier=roughly"],
    ),
    (
        "as much as $767 million",
        &["money|as much as $767 million|USD 767000000|qualifier=as much as"],
    ),
    (
        "up to $1 billion",
        &["money|up to $1 billion|USD 1000000000|qualifier=up to"],
    ),
    (
        "at least US$500 million",
        &["money|at least US$500 million|USD 500000000|qualifier=at least"],
    ),
    (
        "more than $2 billion",
        &["money|more than $2 billion|USD 2000000000|qualifier=more than"],
    ),
    (
        "less than $1 million",
        &["money|less than $1 million|USD 1000000|qualifier=less than"],
    ),
    (
        "About $3 billion",
        &["money|About $3 billion|USD 3000000000|qualifier=about"],
    ),
    (
        "almost 30% of revenue",
        &["percent|almost 30%|30|qualifier=almost"],
    ),
    (
        "less than 1 percent",
        &["percent|less than 1 percent|1|qualifier=less than"],
    ),
    (
        "more than 1.67 billion shares",
        &["quantity|more than 1.67 billion shares|1670000000|qualifier=more than|unit=shares"],
    ),
    (
        "an estimated $4 billion",
        &["money|an estimated $4 billion|USD 4000000000|qualifier=an estimated"],
    ),
    (
        "in excess of $100 million",
        &["money|in excess of $100 million|USD 100000000|qualifier=in excess of"],
    ),
    ("someone $5", &["money|$5|USD 5"]),
    // --- conversions
    (
        "50 billion yuan ($7 billion)",
        &[
            "money|50 billion yuan|CNY 50000000000|equivalent=USD 7000000000",
            "money|$7 billion|USD 7000000000|equivalent=CNY 50000000000",
        ],
    ),
    (
        "HK$3.85 (US$0.49)",
        &[
            "money|HK$3.85|HKD 3.85|equivalent=USD 0.49",
            "money|US$0.49|USD 0.49|equivalent=HKD 3.85",
        ],
    ),
    (
        "15 mln stg, or 24 mln dlrs",
        &[
            "money|15 mln stg|GBP 15000000|equivalent=USD 24000000",
            "money|24 mln dlrs|USD 24000000|equivalent=GBP 15000000",
        ],
    ),
    (
        "€10 billion (about $11 billion)",
        &[
            "money|€10 billion|EUR 10000000000|equivalent=USD 11000000000",
            "money|about $11 billion|USD 11000000000|qualifier=about|equivalent=EUR 10000000000",
        ],
    ),
    (
        "5 billion yuan (US$700-800 million)",
        &[
            "money|5 billion yuan|CNY 5000000000|equivalent=USD 700000000..800000000",
            "money|US$700-800 million|USD 700000000..800000000|equivalent=CNY 5000000000",
        ],
    ),
    // same currency in brackets is no conversion
    (
        "$5 million ($4 million last year)",
        &[
            "money|$5 million|USD 5000000",
            "money|$4 million|USD 4000000",
        ],
    ),
    (
        "5 mln dlrs, or 10 cts a share",
        &[
            "money|5 mln dlrs|USD 5000000",
            "money|10 cts|USD 0.1|per=share",
        ],
    ),
    // --- per-unit prices
    ("HK$3.85 per share", &["money|HK$3.85|HKD 3.85|per=share"]),
    ("1.48 dlrs a share", &["money|1.48 dlrs|USD 1.48|per=share"]),
    ("25 dlrs a barrel", &["money|25 dlrs|USD 25|per=barrel"]),
    ("$1,800 an ounce", &["money|$1,800|USD 1800|per=ounce"]),
    ("$5/share", &["money|$5|USD 5|per=share"]),
    (
        "$2 million a year",
        &["money|$2 million|USD 2000000|per=year"],
    ),
    ("104 dlrs per tonne", &["money|104 dlrs|USD 104|per=tonne"]),
    // --- cents and pence
    ("50 cents", &["money|50 cents|USD 0.5"]),
    (
        "Shr 23 cts vs 18 cts",
        &["money|23 cts|USD 0.23", "money|18 cts|USD 0.18"],
    ),
    ("a dividend of 12.5 pence", &["money|12.5 pence|GBP 0.125"]),
    (
        "shares rose 14p to 828p",
        &["money|14p|GBP 0.14", "money|828p|GBP 8.28"],
    ),
    (
        "Qtly div 28-3/4 cts vs 28-3/4 cts prior",
        &["money|28-3/4 cts|USD 0.2875", "money|28-3/4 cts|USD 0.2875"],
    ),
    ("a 12-1/2 pct stake", &["percent|12-1/2 pct|12.5"]),
    ("fees of 3/8 pct", &["percent|3/8 pct|0.375"]),
    (
        "gold at 421.90/422.40 dlrs an ounce",
        &["money|421.90/422.40 dlrs|USD 421.9..422.4|per=ounce"],
    ),
    (
        "for about 152/153 dlrs a tonne",
        &["money|about 152/153 dlrs|USD 152..153|qualifier=about|per=tonne"],
    ),
    ("ended at 1.7820/30 marks", &[]),
    ("on 1/2/2021 it paid $5", &["money|$5|USD 5"]),
    ("On 12/31 it paid 5 dlrs", &["money|5 dlrs|USD 5"]),
    // --- negatives stay positive
    ("a loss of $2 billion", &["money|$2 billion|USD 2000000000"]),
    ("-$5 million", &["money|$5 million|USD 5000000"]),
    (
        "net loss 1.48 dlrs vs loss 36 cts",
        &["money|1.48 dlrs|USD 1.48", "money|36 cts|USD 0.36"],
    ),
    // --- newswire style
    ("5.93 mln dlrs", &["money|5.93 mln dlrs|USD 5930000"]),
    ("15 mln stg", &["money|15 mln stg|GBP 15000000"]),
    ("1.5 billion stg", &["money|1.5 billion stg|GBP 1500000000"]),
    ("a 50-mln-dlr loan", &["money|50-mln-dlr|USD 50000000"]),
    (
        "total of 5.93\nmln dlrs",
        &["money|5.93\nmln dlrs|USD 5930000"],
    ),
    (
        "raised 500 mln Canadian\ndlrs",
        &["money|500 mln Canadian\ndlrs|CAD 500000000"],
    ),
    (
        "300 mln U.S. dlrs",
        &["money|300 mln U.S. dlrs|USD 300000000"],
    ),
    (
        "2.5 billion marks",
        &["money|2.5 billion marks|DEM 2500000000"],
    ),
    (
        "600 mln guilders",
        &["money|600 mln guilders|NLG 600000000"],
    ),
    (
        "1.2 billion lire",
        &["money|1.2 billion lire|ITL 1200000000"],
    ),
    (
        "Net 5.9 mln dlrs vs 4.3 mln",
        &[
            "money|5.9 mln dlrs|USD 5900000",
            "money|4.3 mln|USD 4300000",
        ],
    ),
    ("Net 5.9 mln vs 4.3 mln", &[]),
    (
        "in denominations of 1,000 and 10,000 dlrs",
        &["money|1,000|USD 1000", "money|10,000 dlrs|USD 10000"],
    ),
    ("five pct", &["percent|five pct|5"]),
    (
        "one billion dlrs",
        &["money|one billion dlrs|USD 1000000000"],
    ),
    ("Shr profit eight cts", &["money|eight cts|USD 0.08"]),
    (
        "a million dollars",
        &["money|a million dollars|USD 1000000"],
    ),
    (
        "half a billion euros",
        &["money|half a billion euros|EUR 500000000"],
    ),
    ("one of the firms", &[]),
    (
        "between one billion and three billion dlrs",
        &["money|between one billion and three billion dlrs|USD 1000000000..3000000000"],
    ),
    ("five to 10 pct", &["percent|five to 10 pct|5..10"]),
    ("one to two pct", &["percent|one to two pct|1..2"]),
    ("one to one", &[]),
    // --- percentages
    ("30%", &["percent|30%|30"]),
    ("30 %", &["percent|30 %|30"]),
    ("12 percent", &["percent|12 percent|12"]),
    ("5 per cent", &["percent|5 per cent|5"]),
    (
        "3.5 percentage points",
        &["percent|3.5 percentage points|3.5|unit=percentage points"],
    ),
    ("up 29.9 pct", &["percent|29.9 pct|29.9"]),
    (
        "a 0.25 pct point cut",
        &["percent|0.25 pct point|0.25|unit=percentage points"],
    ),
    ("100 percent owned", &["percent|100 percent|100"]),
    ("12 PERCENT RISE", &["percent|12 PERCENT|12"]),
    // --- share counts
    (
        "1.5 billion shares",
        &["quantity|1.5 billion shares|1500000000|unit=shares"],
    ),
    (
        "1.67 billion shares in each market",
        &["quantity|1.67 billion shares|1670000000|unit=shares"],
    ),
    (
        "5 mln common shares",
        &["quantity|5 mln common shares|5000000|unit=shares"],
    ),
    (
        "2,000,000 ordinary shares",
        &["quantity|2,000,000 ordinary shares|2000000|unit=shares"],
    ),
    (
        "10 million American depositary shares",
        &["quantity|10 million American depositary shares|10000000|unit=shares"],
    ),
    (
        "two million shares",
        &["quantity|two million shares|2000000|unit=shares"],
    ),
    (
        "50 mln tonnes",
        &["quantity|50 mln tonnes|50000000|unit=tonnes"],
    ),
    ("a 60GB iPod", &["quantity|60GB|60|unit=GB"]),
    // --- tickers
    ("Buy $AAPL now", &["ticker|$AAPL|AAPL"]),
    (
        "$TSLA and $MSFT fell",
        &["ticker|$TSLA|TSLA", "ticker|$MSFT|MSFT"],
    ),
    ("a $US5 million loan", &["money|$US5 million|USD 5000000"]),
    // Wire style: the symbol in angle brackets, with an exchange suffix.
    (
        "Merchants Capital Corp <MCHT> said",
        &["ticker|<MCHT>|MCHT"],
    ),
    ("Barclays <BARC.L> fell", &["ticker|<BARC.L>|BARC.L"]),
    ("a <B>bold</B> claim, x <y> z, <A.B.>", &[]),
    // --- not money
    ("Form 10-K", &[]),
    ("the 1990s", &[]),
    ("No. 1 seller", &[]),
    ("In 2019, the firm grew", &[]),
    ("call 1-800-555-1234", &[]),
    ("call (555) 123-4567", &[]),
    ("the A320 jet", &[]),
    ("version 1.2.3", &[]),
    ("at 10:30 on 12/31/2021", &[]),
    ("x=$2 and s/a/$1/", &[]),
    ("Q3 2021 results", &[]),
    ("the 4G network", &[]),
    ("in 1987 and 5 mln dlrs", &["money|5 mln dlrs|USD 5000000"]),
    ("$5 million", &["money|$5 million|USD 5000000"]),
    ("5mm thick", &[]),
    ("3 1/2 inches", &[]),
    ("a 5 m race", &[]),
    ("costs $", &[]),
    ("$$$", &[]),
    ("€", &[]),
    ("", &[]),
    // --- shared signs: "¥" in a text about China is the yuan
    (
        "China's Shanghai plant cost ¥2 billion",
        &["money|¥2 billion|CNY 2000000000"],
    ),
    // --- bare "$" in a text about Hong Kong, Canada, Australia, Singapore
    (
        "A Hong Kong listing worth $500 million",
        &["money|$500 million|USD 500000000|candidates=USD,HKD"],
    ),
    (
        "The Toronto firm earned 5 mln dlrs",
        &["money|5 mln dlrs|USD 5000000|candidates=USD,CAD"],
    ),
    (
        "Sydney-based Qantas lost $3 billion",
        &["money|$3 billion|USD 3000000000|candidates=USD,AUD"],
    ),
    (
        "Singapore's fund paid $1 billion",
        &["money|$1 billion|USD 1000000000|candidates=USD,SGD"],
    ),
    // a marker elsewhere tells the bare "$" apart
    (
        "Hong Kong IPO at HK$3.85, raising $767 million",
        &["money|HK$3.85|HKD 3.85", "money|$767 million|USD 767000000"],
    ),
    (
        "The Hong Kong deal was worth US$5 million",
        &["money|US$5 million|USD 5000000"],
    ),
    // --- newswire order: the currency word before the number
    (
        "The group agreed to pay dlrs 220 million for the stake.",
        &["money|dlrs 220 million|USD 220000000"],
    ),
    (
        "Admission is dlrs 36 (dlrs 32 for members).",
        &["money|dlrs 36|USD 36", "money|dlrs 32|USD 32"],
    ),
    (
        "She won a dlrs 300,000 tournament in Florida.",
        &["money|dlrs 300,000|USD 300000"],
    ),
    (
        "The issue raised stg 50 mln for the trust.",
        &["money|stg 50 mln|GBP 50000000"],
    ),
    (
        "The bank lent yen 2.5 billion to the builder.",
        &["money|yen 2.5 billion|JPY 2500000000"],
    ),
    (
        "DLRS 1.5 BLN OFFER FOR UNIT",
        &["money|DLRS 1.5 BLN|USD 1500000000"],
    ),
    (
        "The fund holds Dlrs 40 mln in cash.",
        &["money|Dlrs 40 mln|USD 40000000"],
    ),
    (
        "The warrants carry a price of yen 2,817 each.",
        &["money|yen 2,817|JPY 2817"],
    ),
    (
        "It expects STG 9 mln from the sale.",
        &["money|STG 9 mln|GBP 9000000"],
    ),
    (
        "The company bought it for U.S. dlrs 15 mln.",
        &["money|U.S. dlrs 15 mln|USD 15000000"],
    ),
    (
        "It lent dlr 5 mln to the farm.",
        &["money|dlr 5 mln|USD 5000000"],
    ),
    (
        "The yen 1.5 pct rise hurt exporters.",
        &["percent|1.5 pct|1.5"],
    ),
    (
        "The yen 1990 low was not repeated.",
        &[],
    ),
    (
        "The firm took a yen 25-year loan.",
        &[],
    ),
    (
        "It made 1.39 billion dlrs 18 months ago.",
        &["money|1.39 billion dlrs|USD 1390000000"],
    ),
    (
        "The plant will be worth 2.5 billion dlrs 1990 and more later.",
        &["money|2.5 billion dlrs|USD 2500000000"],
    ),
    (
        "The scheme raised 50 mln stg 9-1/2 pct notes.",
        &["money|50 mln stg|GBP 50000000", "percent|9-1/2 pct|9.5"],
    ),
    (
        "Dlrs 5.98 billion was the deficit.",
        &["money|Dlrs 5.98 billion|USD 5980000000"],
    ),
    (
        "The fine was stg 1,000.",
        &["money|stg 1,000|GBP 1000"],
    ),
    (
        "The carrier paid yen 9.4 billion in fees.",
        &["money|yen 9.4 billion|JPY 9400000000"],
    ),
    // --- vague amounts: the range their words allow, approximate; and counts that are no money
    (
        "The firm lost hundreds of millions of dollars.",
        &["money|hundreds of millions of dollars|USD 100000000..1000000000|approximate"],
    ),
    (
        "The settlement was worth tens of millions of dollars.",
        &["money|tens of millions of dollars|USD 10000000..100000000|approximate"],
    ),
    (
        "Repairs cost tens of thousands of dollars.",
        &["money|tens of thousands of dollars|USD 10000..100000|approximate"],
    ),
    (
        "Victims lost hundreds of thousands of dollars.",
        &["money|hundreds of thousands of dollars|USD 100000..1000000|approximate"],
    ),
    (
        "It could cost billions of dollars over time.",
        &["money|billions of dollars|USD 1000000000..1000000000000|approximate"],
    ),
    (
        "They spent millions of dollars on advertising.",
        &["money|millions of dollars|USD 1000000..1000000000|approximate"],
    ),
    (
        "The project will need several billion dlrs.",
        &["money|several billion dlrs|USD 2000000000..10000000000|approximate"],
    ),
    (
        "The shop owes several thousand dollars.",
        &["money|several thousand dollars|USD 2000..10000|approximate"],
    ),
    (
        "The deal is worth several hundred million dollars.",
        &["money|several hundred million dollars|USD 200000000..1000000000|approximate"],
    ),
    (
        "The program costs a few million dollars a year.",
        &["money|a few million dollars|USD 2000000..10000000|approximate"],
    ),
    (
        "It costs a few hundred dollars.",
        &["money|a few hundred dollars|USD 200..1000|approximate"],
    ),
    (
        "Farmers lost millions of ringgit in the flood.",
        &["money|millions of ringgit|MYR 1000000..1000000000|approximate"],
    ),
    (
        "The insurers face billions of marks in claims.",
        &["money|billions of marks|DEM 1000000000..1000000000000|approximate"],
    ),
    (
        "Lenders wrote off tens of millions of pounds.",
        &["money|tens of millions of pounds|GBP 10000000..100000000|approximate"],
    ),
    (
        "Exporters earned billions of yen abroad.",
        &["money|billions of yen|JPY 1000000000..1000000000000|approximate"],
    ),
    (
        "The state paid out trillions of yen to banks.",
        &["money|trillions of yen|JPY 1000000000000..1000000000000000|approximate"],
    ),
    (
        "The clubs spent several million euros on players.",
        &["money|several million euros|EUR 2000000..10000000|approximate"],
    ),
    (
        "It took a couple of million dollars to build.",
        &["money|a couple of million dollars|USD 2000000..3000000|approximate"],
    ),
    (
        "They needed dozens of millions of dollars.",
        &["money|dozens of millions of dollars|USD 24000000..100000000|approximate"],
    ),
    (
        "He received several tens of millions of dollars.",
        &["money|several tens of millions of dollars|USD 20000000..100000000|approximate"],
    ),
    (
        "Companies could save hundreds of thousands of dollars annually.",
        &["money|hundreds of thousands of dollars|USD 100000..1000000|approximate"],
    ),
    (
        "Millions of dollars were lost.",
        &["money|Millions of dollars|USD 1000000..1000000000|approximate"],
    ),
    (
        "Hundreds of millions of dollars have been spent.",
        &["money|Hundreds of millions of dollars|USD 100000000..1000000000|approximate"],
    ),
    (
        "The rules affect billions of dollars of securities.",
        &["money|billions of dollars|USD 1000000000..1000000000000|approximate"],
    ),
    (
        "Several thousand workers lost their jobs.",
        &[],
    ),
    (
        "Millions of people watched the match.",
        &[],
    ),
    (
        "Hundreds of millions of years passed.",
        &[],
    ),
    (
        "Tens of thousands of protesters marched.",
        &[],
    ),
    (
        "They sold thousands of cars in the year.",
        &[],
    ),
    // --- the currency of the amount before, carried to a bare multiplied number that stands alone
    (
        "Airbus won 20 orders worth $4 billion, about 200 million per aircraft.",
        &["money|$4 billion|USD 4000000000", "money|200 million|USD 200000000|basis=context"],
    ),
    (
        "The state gave it $5 billion this year, on top of the four billion it already received.",
        &["money|$5 billion|USD 5000000000", "money|four billion|USD 4000000000|basis=context"],
    ),
    (
        "Sales rose to 22.24 billion dlrs from a revised 20.92 billion in November.",
        &["money|22.24 billion dlrs|USD 22240000000", "money|20.92 billion|USD 20920000000|basis=context"],
    ),
    (
        "The trade deficit narrowed to 4.31 billion Taka in October from 8.22 billion in September.",
        &["money|4.31 billion Taka|BDT 4310000000", "money|8.22 billion|BDT 8220000000|basis=context"],
    ),
    (
        "The company earned 1.5 mln dlrs on turnover of 37 mln in the year.",
        &["money|1.5 mln dlrs|USD 1500000", "money|37 mln|USD 37000000|basis=context"],
    ),
    (
        "Credit slipped to 2.66 billion stg in January from 2.78 billion in December.",
        &["money|2.66 billion stg|GBP 2660000000", "money|2.78 billion|GBP 2780000000|basis=context"],
    ),
    (
        "Profits were 450 mln dlrs, against the 600 mln it made a year earlier.",
        &["money|450 mln dlrs|USD 450000000", "money|600 mln|USD 600000000|basis=context"],
    ),
    (
        "It paid $3 million for the site; the land alone was worth 2 million.",
        &["money|$3 million|USD 3000000", "money|2 million|USD 2000000|basis=context"],
    ),
    (
        "The bank raised 300 million euros, and it plans to raise 200 million more.",
        &["money|300 million euros|EUR 300000000", "money|200 million|EUR 200000000|basis=context"],
    ),
    (
        "The firm has $5 million in cash and 2 million customers.",
        &["money|$5 million|USD 5000000"],
    ),
    (
        "The firm has $5 million in cash and 3 million shares outstanding.",
        &["money|$5 million|USD 5000000", "quantity|3 million shares|3000000|unit=shares"],
    ),
    (
        "It raised $2 billion. The country has 50 million people.",
        &["money|$2 billion|USD 2000000000"],
    ),
    (
        "Revenue was $20 billion; Revs 23.7 mln vs 21.9 mln.",
        &["money|$20 billion|USD 20000000000"],
    ),
    (
        "The fund is worth $1 billion and has 2 million investors.",
        &["money|$1 billion|USD 1000000000"],
    ),
    (
        "The company paid $10 million. It employs 1.2 million workers.",
        &["money|$10 million|USD 10000000"],
    ),
    (
        "It had 2 million in cash.",
        &[],
    ),
    (
        "It reported $8 million in sales, 400 million in 1986.",
        &["money|$8 million|USD 8000000", "money|400 million|USD 400000000|basis=context"],
    ),
    // --- exchange rates, levels, bond prices: no money
    (
        "The dollar was quoted at 92.27 yen to the dollar.",
        &[],
    ),
    (
        "The rate was 1.71 Swiss francs to the dollar this year.",
        &[],
    ),
    (
        "The fix was yen 154.65/dlr at noon.",
        &[],
    ),
    (
        "The warrants let holders buy at 1.79 marks per dlr.",
        &[],
    ),
    (
        "The rate on the day was 20.792 pesos per dollar.",
        &[],
    ),
    (
        "Copper fell to about 94 cents a pound.",
        &["money|about 94 cents|USD 0.94|qualifier=about|per=pound"],
    ),
    (
        "Prices rise by five cts per pound.",
        &["money|five cts|USD 0.05|per=pound"],
    ),
    (
        "The index rose to the 5000 mark before it fell.",
        &[],
    ),
    (
        "The index fell to 4,907.20 points.",
        &[],
    ),
    (
        "The Dow crossed the 2,000 mark.",
        &[],
    ),
    (
        "The Nikkei ended at 21,500.55, up 150.",
        &[],
    ),
    (
        "The bond was quoted at 101-16/32, up 3/32.",
        &[],
    ),
    (
        "Treasuries rose 5/32 to 99-28/32.",
        &[],
    ),
    // --- "mark" only after a multiplier
    (
        "The bank issued a 300 mln mark private placement.",
        &["money|300 mln mark|DEM 300000000"],
    ),
    (
        "A four billion mark volume was added.",
        &["money|four billion mark|DEM 4000000000"],
    ),
    (
        "Of the three mark eurobonds launched, two sold well.",
        &[],
    ),
    (
        "The issue totalled 1.775 billion marks.",
        &["money|1.775 billion marks|DEM 1775000000"],
    ),
    // --- signs mangled by a wrong encoding
    (
        "The bid was Â£40 million for the club.",
        &["money|Â£40 million|GBP 40000000"],
    ),
    (
        "The price was â‚¬45 million in all.",
        &["money|â‚¬45 million|EUR 45000000"],
    ),
    (
        "The tickets cost 45 â‚¬ each.",
        &["money|45 â‚¬|EUR 45"],
    ),
    (
        "The yen sign was mangled: Â¥500 for lunch.",
        &["money|Â¥500|JPY 500"],
    ),
    // --- currencies by their ISO names, singular and plural
    (
        "It paid 5 million Kenyan shillings to the port.",
        &["money|5 million Kenyan shillings|KES 5000000"],
    ),
    (
        "The plant cost 300 million Polish zlotys.",
        &["money|300 million Polish zlotys|PLN 300000000"],
    ),
    (
        "Kuwait paid 20 million Kuwaiti dinars for it.",
        &["money|20 million Kuwaiti dinars|KWD 20000000"],
    ),
    (
        "It sold 120 million rand of bonds.",
        &["money|120 million rand|ZAR 120000000"],
    ),
    (
        "It raised 3 billion baht in the offer.",
        &["money|3 billion baht|THB 3000000000"],
    ),
    (
        "The loss was 718 mln kwacha in 1986.",
        &["money|718 mln kwacha|ZMW 718000000"],
    ),
    (
        "The board approved 2 million Ghanaian cedis.",
        &["money|2 million Ghanaian cedis|GHS 2000000"],
    ),
    (
        "The Bangladesh deficit was 1.91 billion Taka.",
        &["money|1.91 billion Taka|BDT 1910000000"],
    ),
    (
        "The bank issued 300 mln markka of bonds.",
        &["money|300 mln markka|FIM 300000000"],
    ),
    (
        "The aid was 50 mln Kenyan shillings.",
        &["money|50 mln Kenyan shillings|KES 50000000"],
    ),
    (
        "The state owes 100 mln shillings.",
        &["money|100 mln shillings|KES 100000000"],
    ),
    (
        "The budget was 2 billion Iraqi dinars.",
        &["money|2 billion Iraqi dinars|IQD 2000000000"],
    ),
    (
        "Iraq paid 5 million dinars to the firm.",
        &["money|5 million dinars|IQD 5000000"],
    ),
    (
        "The Kuwaiti fund lent 3 million dinars.",
        &["money|3 million dinars|KWD 3000000"],
    ),
    (
        "It cost 40 million Egyptian pounds.",
        &["money|40 million Egyptian pounds|EGP 40000000"],
    ),
    (
        "The debt is 2 billion Nigerian naira.",
        &["money|2 billion Nigerian naira|NGN 2000000000"],
    ),
    (
        "Romania spent 3 billion Romanian lei.",
        &["money|3 billion Romanian lei|RON 3000000000"],
    ),
    (
        "The bank sold 500 million Czech korunas.",
        &["money|500 million Czech korunas|CZK 500000000"],
    ),
    (
        "Iceland borrowed 900 million Icelandic kronur.",
        &["money|900 million Icelandic kronur|ISK 900000000"],
    ),
    (
        "The lender paid 7 million Swedish kronor.",
        &["money|7 million Swedish kronor|SEK 7000000"],
    ),
    (
        "The fee was 12 million Danish kroner.",
        &["money|12 million Danish kroner|DKK 12000000"],
    ),
    (
        "The plan cost 4 billion Hungarian forints.",
        &["money|4 billion Hungarian forints|HUF 4000000000"],
    ),
    (
        "The firm paid 6 billion Indonesian rupiah.",
        &["money|6 billion Indonesian rupiah|IDR 6000000000"],
    ),
    (
        "The loan was 10 million Vietnamese dong.",
        &["money|10 million Vietnamese dong|VND 10000000"],
    ),
    (
        "The import bill was 80 million Saudi riyals.",
        &["money|80 million Saudi riyals|SAR 80000000"],
    ),
    (
        "The fine was 2 million Moroccan dirhams.",
        &["money|2 million Moroccan dirhams|MAD 2000000"],
    ),
    (
        "The project costs 900 million UAE dirhams.",
        &["money|900 million UAE dirhams|AED 900000000"],
    ),
    (
        "The wage was 50,000 Thai baht.",
        &["money|50,000 Thai baht|THB 50000"],
    ),
    (
        "Argentina printed 9 billion Argentine pesos.",
        &["money|9 billion Argentine pesos|ARS 9000000000"],
    ),
    (
        "The subsidy was 4 billion Russian rubles.",
        &["money|4 billion Russian rubles|RUB 4000000000"],
    ),
    (
        "The deal was worth 1 billion Ukrainian hryvnias.",
        &["money|1 billion Ukrainian hryvnias|UAH 1000000000"],
    ),
    (
        "The loss was 200 million Turkish lira.",
        &["money|200 million Turkish lira|TRY 200000000"],
    ),
    (
        "It paid 3 billion Philippine pesos.",
        &["money|3 billion Philippine pesos|PHP 3000000000"],
    ),
    (
        "Chile paid 40 billion Chilean pesos.",
        &["money|40 billion Chilean pesos|CLP 40000000000"],
    ),
    (
        "The fee was 20 million Israeli new shekels.",
        &["money|20 million Israeli new shekels|ILS 20000000"],
    ),
    (
        "Peru raised 2 billion soles.",
        &["money|2 billion soles|PEN 2000000000"],
    ),
    (
        "The lender gave 5 million Swiss francs.",
        &["money|5 million Swiss francs|CHF 5000000"],
    ),
    (
        "The bank held 3 billion Japanese yen.",
        &["money|3 billion Japanese yen|JPY 3000000000"],
    ),
    (
        "The firm sold 800 mln French franc bonds.",
        &["money|800 mln French franc|FRF 800000000"],
    ),
    (
        "The group issued a 125 mln Luxembourg franc bond.",
        &["money|125 mln Luxembourg franc|LUF 125000000"],
    ),
    (
        "The plan costs 12.2 billion European Currency Units.",
        &["money|12.2 billion European Currency Units|XEU 12200000000"],
    ),
];

#[test]
fn money_table() {
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got: Vec<String> = extract(text).iter().map(|m| render(m, text)).collect();
        if got != *expected {
            failures.push(format!(
                "{text:?}\n   expected {expected:?}\n   got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_is_large_enough() {
    assert!(CASES.len() >= 300, "{} cases", CASES.len());
}

#[test]
fn amounts_and_ranges_carry_numbers_for_json() {
    let text = "HK$3.85 to HK$3.99 and $1.1 billion";
    let m = extract(text);
    assert_eq!(m[0].attrs.currency.as_deref(), Some("HKD"));
    assert_eq!((m[0].attrs.low, m[0].attrs.high), (Some(3.85), Some(3.99)));
    assert_eq!(m[0].attrs.amount, None);
    assert_eq!(m[1].attrs.value.as_deref(), Some("USD 1100000000"));
    assert_eq!(m[1].attrs.amount, Some(1.1e9));
}

#[test]
fn offsets_are_bytes_on_char_boundaries() {
    let text = "Le coût: €2,5 — non, “€2.5 billion” ₹500 crore ¥3 兆円 £40m…";
    for m in extract(text) {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
    }
}

#[test]
fn never_panics_on_odd_input() {
    let nines = "9".repeat(200);
    let odd = [
        "$",
        "$1",
        "1$",
        "US$",
        "(",
        "$9999999999999999999999999999999999999999 trillion",
        "1,00,00,000 rupees",
        "5-",
        "5 to",
        "between 5 and",
        "€€€5",
        "\u{a0}$\u{a0}5\u{a0}million",
        "5\u{a0}",
        "12/",
        "3/4",
        "28-3/",
        nines.as_str(),
        "$5 (",
        "$5 (US",
        "¥",
    ];
    for text in odd {
        let _ = extract(text);
    }
    let long = "$5 million to ".repeat(20_000);
    assert!(!extract(&long).is_empty());
}
