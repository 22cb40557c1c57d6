//! Counting hits on a dense range of numbers (articles by rank, entities by number) many
//! times over, with one array of counts reused from count to count: the related articles and
//! the co-mentions each count a few hundred hits per article or entity, where a hash map
//! per count would cost more than the counting.

/// Counts over `0..size`; [`Tally::drain`] reads them and leaves every count at zero again.
pub struct Tally {
    counts: Vec<u32>,
    /// The numbers counted since the last drain, in the order first counted.
    touched: Vec<usize>,
}

impl Tally {
    pub fn new(size: usize) -> Tally {
        Tally {
            counts: vec![0; size],
            touched: Vec::new(),
        }
    }

    pub fn add(&mut self, number: usize) {
        let count = &mut self.counts[number];
        if *count == 0 {
            self.touched.push(number);
        }
        *count += 1;
    }

    /// Each number counted, with its count, in the order first counted.
    pub fn drain(&mut self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let counts = &mut self.counts;
        self.touched
            .drain(..)
            .map(|number| (number, std::mem::take(&mut counts[number]) as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_first_order_and_starts_again_at_zero() {
        let mut tally = Tally::new(5);
        for n in [3, 1, 3, 3, 0] {
            tally.add(n);
        }
        assert_eq!(tally.drain().collect::<Vec<_>>(), [(3, 3), (1, 1), (0, 1)]);
        tally.add(1);
        assert_eq!(tally.drain().collect::<Vec<_>>(), [(1, 1)]);
        assert_eq!(tally.drain().count(), 0);
    }
}
