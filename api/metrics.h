// api/metrics.h — request counters and latency histograms per route, in Prometheus text form.
#pragma once
#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace certctl::api {

class Metrics final {
public:
    // Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
    static constexpr std::array<double, 10> k_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};

    // `route` is the route's pattern ("/api/v1/certificate/{name}"), never the raw path: names stay out of labels.
    void observe(const std::string& method, const std::string& route, int status, std::chrono::duration<double> took);
    // certctl_api_requests_total and certctl_api_request_duration_seconds.
    std::string prometheus() const;

private:
    struct Histogram {
        std::array<std::uint64_t, k_buckets.size()> counts{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> m_requests;
    std::map<std::pair<std::string, std::string>, Histogram> m_latency;
};

}  // namespace certctl::api
