//! Exact decimal amounts: "$1.1 billion" must be 1100000000, which binary
//! floating point cannot promise. Multipliers are powers of ten, so they only
//! move the decimal point.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal `digits / 10^scale`, kept normalised (no trailing
/// zero digit while `scale > 0`) so that equal values compare equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    digits: u128,
    scale: u32,
}

/// u128 holds 38 decimal digits; beyond that a value is refused, not rounded.
const MAX_SCALE: u32 = 38;

impl Decimal {
    pub fn from_int(n: u128) -> Self {
        Decimal {
            digits: n,
            scale: 0,
        }
    }

    /// Digits as written, ignoring thousands separators, with at most one
    /// decimal point ("1,099", "3.85"). None when too long to be exact.
    pub fn parse(written: &[u8]) -> Option<Self> {
        let mut digits: u128 = 0;
        let mut scale = 0u32;
        let mut after_point = false;
        for &b in written {
            match b {
                b'0'..=b'9' => {
                    digits = digits.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
                    if after_point {
                        scale += 1;
                    }
                }
                b'.' => after_point = true,
                _ => {}
            }
        }
        (scale <= MAX_SCALE).then(|| Decimal { digits, scale }.normalised())
    }

    /// `numerator / denominator` when the denominator is a power of two up
    /// to 64 ("28-3/4 cts"): such fractions have an exact decimal form.
    pub fn fraction(numerator: u128, denominator: u128) -> Option<Self> {
        if !denominator.is_power_of_two() || denominator > 64 || numerator >= denominator {
            return None;
        }
        // n / 2^k = n * 5^k / 10^k
        let k = denominator.trailing_zeros();
        let digits = numerator.checked_mul(5u128.pow(k))?;
        Some(Decimal { digits, scale: k }.normalised())
    }

    /// The value times 10^power (power may be negative: cents are 10^-2).
    pub fn shift(self, power: i32) -> Option<Self> {
        let scale = i64::from(self.scale) - i64::from(power);
        let shifted = if scale >= 0 {
            let scale = u32::try_from(scale).ok().filter(|&s| s <= MAX_SCALE)?;
            Decimal {
                digits: self.digits,
                scale,
            }
        } else {
            let up = 10u128.checked_pow(u32::try_from(-scale).ok()?)?;
            Decimal {
                digits: self.digits.checked_mul(up)?,
                scale: 0,
            }
        };
        Some(shifted.normalised())
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        let scale = self.scale.max(other.scale);
        let a = self.digits.checked_mul(10u128.pow(scale - self.scale))?;
        let b = other.digits.checked_mul(10u128.pow(scale - other.scale))?;
        Some(
            Decimal {
                digits: a.checked_add(b)?,
                scale,
            }
            .normalised(),
        )
    }

    /// The product, exact ("several" 2 times "thousand" 1000); None when it
    /// does not fit.
    pub fn checked_mul(self, other: Self) -> Option<Self> {
        let scale = self.scale + other.scale;
        (scale <= MAX_SCALE).then_some(())?;
        Some(
            Decimal {
                digits: self.digits.checked_mul(other.digits)?,
                scale,
            }
            .normalised(),
        )
    }

    /// Whether the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The whole value when it has no fraction.
    pub fn as_integer(self) -> Option<u128> {
        self.is_integer().then_some(self.digits)
    }

    /// For JSON convenience only: the exact value is the string form.
    pub fn to_f64(self) -> f64 {
        // Two exactly representable operands and one correctly rounded
        // division give what parsing the decimal gives (Clinger's fast
        // path), without writing it out.
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.digits < 1 << 53 && self.scale < 23 {
            return self.digits as f64 / POW10[self.scale as usize];
        }
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    fn normalised(mut self) -> Self {
        // u128 division is a library call: most amounts fit 64 bits.
        if let Ok(mut digits) = u64::try_from(self.digits) {
            while self.scale > 0 && digits % 10 == 0 {
                digits /= 10;
                self.scale -= 1;
            }
            self.digits = u128::from(digits);
            return self;
        }
        while self.scale > 0 && self.digits % 10 == 0 {
            self.digits /= 10;
            self.scale -= 1;
        }
        self
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        let a = self.digits.checked_mul(10u128.pow(scale - self.scale));
        let b = other.digits.checked_mul(10u128.pow(scale - other.scale));
        match (a, b) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Only the side that overflowed can be the larger one.
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (None, None) => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The digits on the stack (in 64 bits when they fit: u128 division
        // is a library call).
        let mut buf = [0u8; 40];
        let mut at = buf.len();
        match u64::try_from(self.digits) {
            Ok(mut n) => loop {
                at -= 1;
                buf[at] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            },
            Err(_) => {
                let mut n = self.digits;
                loop {
                    at -= 1;
                    buf[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
            }
        }
        let digits = std::str::from_utf8(&buf[at..]).expect("ASCII digits");
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(digits);
        }
        if digits.len() > scale {
            let (whole, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{whole}.{frac}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn multipliers_move_the_point_exactly() {
        assert_eq!(d("1.1").shift(9).unwrap().to_string(), "1100000000");
        assert_eq!(d("34.6").shift(6).unwrap().to_string(), "34600000");
        assert_eq!(d("1,099").to_string(), "1099");
        assert_eq!(d("23").shift(-2).unwrap().to_string(), "0.23");
        assert_eq!(d("5").shift(-2).unwrap().to_string(), "0.05");
        assert_eq!(d("3.850").to_string(), "3.85");
        assert_eq!(d("1.5").shift(12).unwrap().to_string(), "1500000000000");
    }

    #[test]
    fn fractions_of_powers_of_two_are_exact() {
        let f = Decimal::fraction(3, 4).unwrap();
        assert_eq!(
            Decimal::from_int(28).checked_add(f).unwrap().to_string(),
            "28.75"
        );
        assert_eq!(Decimal::fraction(1, 8).unwrap().to_string(), "0.125");
        assert!(Decimal::fraction(2, 3).is_none());
        assert!(Decimal::fraction(5, 4).is_none());
    }

    #[test]
    fn overflow_is_refused_not_rounded() {
        let big = d("999999999999999999999999999999");
        assert!(big.shift(12).is_none());
        assert!(Decimal::parse(b"1234567890123456789012345678901234567890").is_none());
    }

    #[test]
    fn ordering_aligns_scales() {
        assert!(d("3.85") < d("3.99"));
        assert!(d("10") > d("9.999"));
        assert_eq!(d("1.50").cmp(&d("1.5")), Ordering::Equal);
    }

    #[test]
    fn floats_are_what_parsing_the_decimal_gives() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let digits = u128::from(seed >> (seed % 64));
            let d = Decimal {
                digits,
                scale: (seed % 26) as u32,
            };
            let parsed: f64 = d.to_string().parse().unwrap();
            assert_eq!(d.to_f64().to_bits(), parsed.to_bits(), "{d}");
        }
        for text in [
            "0.1",
            "1100000000",
            "3.85",
            "0.000001",
            "123456789.123456789",
        ] {
            let parsed: f64 = text.parse().unwrap();
            assert_eq!(d(text).to_f64().to_bits(), parsed.to_bits(), "{text}");
        }
    }

    #[test]
    fn writes_wide_numbers() {
        let wide = Decimal::from_int(u128::from(u64::MAX) * 1000 + 7);
        assert_eq!(
            wide.to_string(),
            (u128::from(u64::MAX) * 1000 + 7).to_string()
        );
        assert_eq!(
            wide.shift(-2).unwrap().to_string(),
            "184467440737095516150.07"
        );
    }
}
