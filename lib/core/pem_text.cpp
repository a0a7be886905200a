// lib/core/pem_text.cpp — PEM block walk and a lenient base64 decoder (see pem_text.h).
#include "lib/core/pem_text.h"

#include <array>
#include <string>

namespace certctl::core {

namespace {
constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_end = "-----END ";
constexpr std::string_view k_dashes = "-----";
}  // namespace

bool has_pem_marker(std::string_view text) { return text.find(k_begin) != std::string_view::npos; }

PemStep next_pem_block(std::string_view text, std::size_t& pos, PemBlockView& out, PemEnd end) {
    const std::size_t begin = text.find(k_begin, pos);
    if (begin == std::string_view::npos) {
        return PemStep::done;
    }
    const std::size_t label_start = begin + k_begin.size();
    const std::size_t label_end = text.find(k_dashes, label_start);
    if (label_end == std::string_view::npos) {
        return PemStep::open_begin;
    }
    out.label = text.substr(label_start, label_end - label_start);
    const std::size_t body_start = label_end + k_dashes.size();
    std::size_t end_at = 0;
    std::size_t after = 0;
    if (end == PemEnd::any) {
        end_at = text.find(k_end, body_start);
        after = end_at + k_end.size();
    } else {
        const std::string trailer = std::string(k_end) + std::string(out.label) + std::string(k_dashes);
        end_at = text.find(trailer, body_start);
        after = end_at + trailer.size();
    }
    if (end_at == std::string_view::npos) {
        return PemStep::no_end;
    }
    out.body = text.substr(body_start, end_at - body_start);
    out.whole = text.substr(begin, after - begin);
    pos = after;
    return PemStep::block;
}

PemSplit split_pem_text(std::string_view text) {
    PemSplit out;
    std::size_t pos = 0;
    PemBlockView view;
    while ((out.stop = next_pem_block(text, pos, view)) == PemStep::block) {
        out.blocks.push_back(view);
    }
    if (out.stop == PemStep::no_end) {
        out.stop_label = view.label;
    }
    return out;
}

bool base64_decode_lenient(std::string_view in, std::vector<std::uint8_t>& out) {
    static const std::array<std::int8_t, 256> k_table = [] {
        std::array<std::int8_t, 256> t{};
        t.fill(-1);
        const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i) {
            t[static_cast<unsigned char>(a[i])] = static_cast<std::int8_t>(i);
        }
        for (const char ws : {' ', '\t', '\r', '\n'}) {
            t[static_cast<unsigned char>(ws)] = -2;
        }
        t['='] = -3;
        return t;
    }();
    out.clear();
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char ch : in) {
        const std::int8_t v = k_table[static_cast<unsigned char>(ch)];
        if (v == -2 || v == -3) {
            continue;
        }
        if (v < 0) {
            return false;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
        }
    }
    return true;
}

}  // namespace certctl::core
