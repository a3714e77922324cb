//! The language a person reads messages in: Vietnamese, or English on request (`--lang en`).

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}
