//! A small deterministic ZIP writer: the DOCX package and the batch's per-cell archives.
//!
//! Why not the `zip` crate: every entry there starts a new deflate stream, and setting one up
//! (allocating and clearing its tables) cost more than compressing the small XML parts of a
//! DOCX. Here one compressor per thread is reset between entries. Timestamps are fixed
//! (1980-01-01, the format's epoch) and no extra fields are written, so the same parts give
//! the same bytes on every machine.

use flate2::{Compress, Compression, FlushCompress, Status};
use std::cell::RefCell;

thread_local! {
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(6), false));
}

/// Raw deflate of `data` (no zlib header), with this thread's reusable compressor.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    DEFLATE.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 3 + 64);
        loop {
            let consumed = c.total_in() as usize;
            if out.len() == out.capacity() {
                out.reserve(out.capacity().max(1024));
            }
            match c.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break,
                Ok(_) => continue,
                // Only a misuse of the API fails here; an empty stream is still valid.
                Err(_) => break,
            }
        }
        out
    })
}

/// DOS date of 1980-01-01 (time 00:00).
const DOS_DATE: u16 = (1 << 5) | 1;

pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl Default for ZipWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ZipWriter {
    pub fn new() -> Self {
        ZipWriter {
            out: Vec::new(),
            central: Vec::new(),
            count: 0,
        }
    }

    /// Adds a file. Data that deflate cannot shrink is stored as is.
    pub fn add(&mut self, name: &str, data: &[u8]) {
        let crc = crc32fast::hash(data);
        let packed = deflate(data);
        let (method, body): (u16, &[u8]) = if packed.len() < data.len() {
            (8, &packed)
        } else {
            (0, data)
        };
        // Bit 11: the name is UTF-8 (a cell's folder name may not be ASCII in a zip of PDFs).
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        let offset = self.out.len() as u32;
        let mut local = Vec::with_capacity(30 + name.len());
        put32(&mut local, 0x0403_4b50);
        put16(&mut local, 20);
        put16(&mut local, flags);
        put16(&mut local, method);
        put16(&mut local, 0);
        put16(&mut local, DOS_DATE);
        put32(&mut local, crc);
        put32(&mut local, body.len() as u32);
        put32(&mut local, data.len() as u32);
        put16(&mut local, name.len() as u16);
        put16(&mut local, 0);
        local.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(body);

        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, 20);
        put16(c, 20);
        put16(c, flags);
        put16(c, method);
        put16(c, 0);
        put16(c, DOS_DATE);
        put32(c, crc);
        put32(c, body.len() as u32);
        put32(c, data.len() as u32);
        put16(c, name.len() as u16);
        put16(c, 0);
        put16(c, 0);
        put16(c, 0);
        put16(c, 0);
        put32(c, 0);
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    pub fn finish(mut self) -> Vec<u8> {
        let cd_offset = self.out.len() as u32;
        let cd_size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        let o = &mut self.out;
        put32(o, 0x0605_4b50);
        put16(o, 0);
        put16(o, 0);
        put16(o, self.count);
        put16(o, self.count);
        put32(o, cd_size);
        put32(o, cd_offset);
        put16(o, 0);
        self.out
    }
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_zip_reader_reads_back_every_entry() {
        let big = "<w:p>Quyết định kiểm tra</w:p>".repeat(200);
        let mut z = ZipWriter::new();
        z.add("word/document.xml", big.as_bytes());
        z.add("empty.txt", b"");
        z.add("ấp/tân phú.pdf", b"%PDF-1.7 x");
        let bytes = z.finish();
        let mut r = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(r.len(), 3);
        let mut s = String::new();
        r.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, big);
        assert_eq!(
            r.by_name("word/document.xml").unwrap().compression(),
            zip::CompressionMethod::Deflated
        );
        let mut e = Vec::new();
        r.by_name("empty.txt").unwrap().read_to_end(&mut e).unwrap();
        assert!(e.is_empty());
        let mut p = Vec::new();
        r.by_name("ấp/tân phú.pdf")
            .unwrap()
            .read_to_end(&mut p)
            .unwrap();
        assert_eq!(p, b"%PDF-1.7 x");
    }

    #[test]
    fn same_parts_same_bytes() {
        let make = || {
            let mut z = ZipWriter::new();
            z.add("a.xml", "<a>1</a>".repeat(50).as_bytes());
            z.finish()
        };
        assert_eq!(make(), make());
    }
}
