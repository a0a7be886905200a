// api/metrics.cpp — the API's own Prometheus series.
#include "api/metrics.h"

#include <sstream>
#include <tuple>

namespace certctl::api {

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      std::chrono::duration<double> took) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    ++m_requests[{method, route, status}];
    Histogram& h = m_latency[{method, route}];
    for (std::size_t i = 0; i < k_buckets.size(); ++i) {
        if (took.count() <= k_buckets[i]) {
            ++h.counts[i];
        }
    }
    ++h.count;
    h.sum += took.count();
}

std::string Metrics::prometheus() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::ostringstream os;
    os << "# HELP certctl_api_requests_total REST API requests by method, route and status.\n"
       << "# TYPE certctl_api_requests_total counter\n";
    for (const auto& [key, n] : m_requests) {
        os << "certctl_api_requests_total{method=\"" << std::get<0>(key) << "\",route=\"" << std::get<1>(key)
           << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
    }
    os << "# HELP certctl_api_request_duration_seconds Time from the request's arrival to its answer.\n"
       << "# TYPE certctl_api_request_duration_seconds histogram\n";
    for (const auto& [key, h] : m_latency) {
        const std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
        for (std::size_t i = 0; i < k_buckets.size(); ++i) {
            os << "certctl_api_request_duration_seconds_bucket{" << labels << ",le=\"" << k_buckets[i] << "\"} "
               << h.counts[i] << "\n";
        }
        os << "certctl_api_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count << "\n"
           << "certctl_api_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n"
           << "certctl_api_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
    }
    return os.str();
}

}  // namespace certctl::api
