// SPDX-License-Identifier: GPL-2.0
/*
 * export.c - `pktpath export`: the in-kernel counters and histograms of
 * drops, txq, latency, otherhost and rxq as Prometheus metrics, for as
 * long as it runs. One thread: poll() on the HTTP server's sockets (http.c) and on
 * the modes' event fds; a scrape reads the maps and answers at once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "cmd/commands.h"
#include "user.h"
#include "lib/http.h"
#include "lib/log.h"
#include "lib/names.h"
#include "lib/prog_stats.h"
#include "lib/runtime.h"
#include "lib/session.h"

enum { OPT_MODES = 1 };

static const struct pp_option export_options[] = {
	{ 0, "listen", 'l', "ADDR:PORT",
	  "serve /metrics here (default " EXPORT_DEFAULT_LISTEN "). Any other address exposes "
	  "this host's packet metadata (devices, namespaces, drop reasons, traffic volumes) "
	  "to whoever can reach it: bind it on purpose, e.g. [::]:9464 behind a firewall",
	  PP_OPT_STORE_STRING(struct export_opts, listen) },
	{ .id = OPT_MODES, "modes", 'm', "LIST",
	  "what to load, comma-separated: drops, txq, latency, otherhost, rxq (default "
	  EXPORT_DEFAULT_MODES "; rxq runs on every received packet, and on every softirq "
	  "unless --dev names a virtual device)" },
	{ 0, "flows", 0, "N",
	  "also export packets per flow for up to N flows (default 0: no per-flow series)",
	  PP_OPT_STORE_ULONG(struct export_opts, flows, 0, 100000) },
	{ 0, "max-series", 0, "N",
	  "series per metric before new label sets are folded into one labelled \"other\" "
	  "(default 1000)",
	  PP_OPT_STORE_ULONG(struct export_opts, max_series, 1, 1000000) },
	{ 0, "prog-stats", 0, NULL,
	  "have the kernel time every BPF program while running (BPF_ENABLE_STATS), for "
	  "pktpath_bpf_prog_run_seconds_total; costs two clock reads per program run",
	  PP_OPT_STORE_FLAG(struct export_opts, prog_stats) },
	{ 0 },
};

/* Every mode export knows, in --modes order of the default. */
static const struct export_mode *const export_modes[] = {
	&export_drops, &export_txq, &export_latency, &export_otherhost, &export_rxq,
};

#define N_MODES (sizeof(export_modes) / sizeof(export_modes[0]))

static void export_init(void *opts)
{
	struct export_opts *o = opts;

	o->listen = EXPORT_DEFAULT_LISTEN;
	o->modes = EXPORT_DEFAULT_MODES;
	o->max_series = EXPORT_DEFAULT_MAX_SERIES;
}

/* The modes of a --modes list, each once, in the table's order. Returns 0,
 * or PP_EXIT_USAGE after one line. */
static int modes_parse(const char *list, bool chosen[N_MODES])
{
	const char *p = list;
	bool any = false;

	memset(chosen, 0, N_MODES * sizeof(bool));
	while (*p) {
		size_t len = strcspn(p, ","), i;

		if (!len) { /* "drops,,txq" or a trailing comma */
			p++;
			continue;
		}
		for (i = 0; i < N_MODES; i++)
			if (strlen(export_modes[i]->name) == len &&
			    !strncmp(export_modes[i]->name, p, len))
				break;
		if (i == N_MODES) {
			pp_err("export: --modes: unknown mode '%.*s' (one of: drops, txq, latency, "
			       "otherhost, rxq)",
			       (int)len, p);
			return PP_EXIT_USAGE;
		}
		chosen[i] = any = true;
		p += len + (p[len] == ',');
	}
	if (!any) {
		pp_err("export: --modes: empty list (one of: drops, txq, latency, otherhost, rxq)");
		return PP_EXIT_USAGE;
	}
	return 0;
}

/* --modes is checked as it is parsed: a wrong name is a usage error. */
static int export_parse(void *opts, int id, const char *arg)
{
	struct export_opts *o = opts;
	bool chosen[N_MODES];

	if (id != OPT_MODES)
		return -1;
	o->modes = arg;
	return modes_parse(arg, chosen) ? -1 : 0;
}

/* ---- the running exporter ------------------------------------------------ */

struct exporter {
	struct export_ctx x;
	struct http_server http;
	struct export_running run[N_MODES];
	uint64_t collect_errors[N_MODES];
	size_t n_run;
	struct export_scrapes scrapes;
	int stats_fd;           /* BPF_ENABLE_STATS, -1 without --prog-stats */
};

static volatile sig_atomic_t reload_names;

static void on_sighup(int sig)
{
	(void)sig;
	reload_names = 1;
}

static bool stats_enabled(const struct exporter *e)
{
	return e->stats_fd >= 0 || prog_stats_sysctl_on();
}

static void self_metrics(struct exporter *e, FILE *out)
{
	prom_header(out, "pktpath_export_collect_errors_total", "counter",
		    "Scrapes in which a mode's tables could not be read whole.");
	for (size_t i = 0; i < e->n_run; i++)
		fprintf(out, "pktpath_export_collect_errors_total{mode=\"%s\"} %llu\n",
			e->run[i].mode->name, (unsigned long long)e->collect_errors[i]);
	export_self_losses(e->run, e->n_run, out);
	export_self_prog_stats(e->run, e->n_run, stats_enabled(e), out);
	export_family_stats(&e->x, out);
	export_scrapes_write(&e->scrapes, out);
	prom_header(out, "pktpath_export_http_answers_total", "counter",
		    "Answers of the exporter's HTTP server, by status code.");
	for (int i = 0; i < HTTP_CODES; i++)
		fprintf(out, "pktpath_export_http_answers_total{code=\"%d\"} %llu\n", http_codes[i],
			(unsigned long long)e->http.answers[i]);
	prom_header(out, "pktpath_build_info", "gauge", "pktpath's version; always 1.");
	fprintf(out, "pktpath_build_info{version=\"%s\"} 1\n", PKTPATH_VERSION);
}

static void scrape(struct exporter *e, struct http_response *r)
{
	double start = session_now();
	FILE *out = open_memstream(&r->body, &r->len);

	if (!out) {
		r->status = 500;
		return;
	}
	for (size_t i = 0; i < e->n_run; i++) {
		const struct export_mode *m = e->run[i].mode;
		int err;

		if (m->events)
			m->events(e->run[i].st); /* queue changes up to now */
		err = m->collect(e->run[i].st, &e->x, out);
		if (err) {
			e->collect_errors[i]++;
			pp_warn("export: reading %s's tables: %s", m->name, strerror(-err));
		}
	}
	self_metrics(e, out);
	if (fclose(out)) {
		free(r->body);
		r->body = NULL;
		r->status = 500;
		return;
	}
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	export_scrapes_add(&e->scrapes, session_now() - start);
}

static void handle(void *ctx, const char *path, struct http_response *r)
{
	static const char index[] = "pktpath export: metrics are at /metrics\n";

	if (!strcmp(path, "/metrics")) {
		scrape(ctx, r);
	} else if (!strcmp(path, "/")) {
		r->status = 200;
		r->content_type = "text/plain; charset=utf-8";
		r->body = strdup(index);
		r->len = r->body ? strlen(index) : 0;
	} else {
		r->status = 404;
	}
}

static int start_modes(struct exporter *e, const bool chosen[N_MODES])
{
	int ret = 0;

	for (size_t i = 0; i < N_MODES && !ret; i++) {
		void *st;

		if (!chosen[i])
			continue;
		st = export_modes[i]->start(&e->x, &ret);
		if (st)
			e->run[e->n_run++] = (struct export_running){ .mode = export_modes[i], .st = st };
	}
	return ret;
}

/* One poll() round: the server's sockets and the modes' event fds. */
static int serve_once(struct exporter *e)
{
	struct pollfd fds[HTTP_MAX_CLIENTS + 1 + N_MODES];
	int n = http_pollfds(&e->http, fds), first_event = n, ready;

	for (size_t i = 0; i < e->n_run; i++) {
		const struct export_mode *m = e->run[i].mode;

		fds[n].fd = m->event_fd ? m->event_fd(e->run[i].st) : -1;
		fds[n].events = POLLIN;
		fds[n++].revents = 0;
	}
	ready = poll(fds, n, EXPORT_TICK_MS);
	if (ready < 0)
		return errno == EINTR ? 0 : -errno;
	for (size_t i = 0; i < e->n_run; i++)
		if (e->run[i].mode->tick)
			e->run[i].mode->tick(e->run[i].st);
	for (size_t i = 0; i < e->n_run; i++)
		if (fds[first_event + i].revents)
			e->run[i].mode->events(e->run[i].st);
	http_serve(&e->http, fds, first_event);
	return 0;
}

static void banner(const struct export_opts *o)
{
	printf("Serving Prometheus metrics on http://%s/metrics (modes: %s).\n", o->listen,
	       o->modes);
	printf("SIGHUP reads device and namespace names again. Ctrl-C to stop.\n");
}

static int export_run(const struct pp_common_opts *co, void *opts)
{
	const struct export_opts *o = opts;
	struct exporter e = { .x = { .co = co, .opts = o }, .stats_fd = -1 };
	struct sigaction sa = { .sa_handler = on_sighup };
	double end = co->duration ? session_now() + co->duration : 0;
	bool chosen[N_MODES];
	int ret, err = 0;

	ret = modes_parse(o->modes, chosen);
	if (!ret) /* before loading anything: a busy port is found at once */
		ret = http_listen(&e.http, o->listen, handle, &e);
	if (!ret)
		ret = start_modes(&e, chosen);
	if (ret)
		goto out;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL); /* runtime_init() made it a stop signal */
	if (o->prog_stats) {
		e.stats_fd = prog_stats_enable();
		if (e.stats_fd < 0)
			pp_warn("export: --prog-stats: the kernel refused BPF_ENABLE_STATS (%s); "
				"program run times stay 0",
				strerror(-e.stats_fd));
	}
	banner(o);
	ret = runtime_signal_ready(co->ready_file);
	while (!ret && !err && !pp_stop && !(end && session_now() >= end)) {
		if (reload_names) {
			reload_names = 0;
			export_names_reload(&e.x.names);
		}
		err = serve_once(&e);
	}
	if (err) {
		pp_err("export: poll: %s", strerror(-err));
		ret = PP_EXIT_FAIL;
	}
out:
	http_close(&e.http);
	for (size_t i = e.n_run; i-- > 0;)
		e.run[i].mode->stop(e.run[i].st);
	if (e.stats_fd >= 0)
		close(e.stats_fd);
	export_names_free(&e.x.names);
	return ret;
}

const struct pp_command cmd_export = {
	.name = "export",
	.summary = "serve the counters and histograms as Prometheus metrics",
	.synopsis = "[FILTER] [--listen ADDR:PORT] [--modes LIST] [--netns NS] [--dev DEV]",
	.description =
		"Loads the BPF side of drops, txq, latency and otherhost (--modes; rxq when\n"
		"asked), keeps their in-kernel counters for the whole run, and serves them\n"
		"on /metrics in the Prometheus text format 0.0.4. A scrape only reads the\n"
		"maps: it resets nothing, so every counter grows for the whole run and any\n"
		"number of scrapers see the same values.\n"
		"\n"
		"Metrics (pktpath_ prefix): drops_total{reason,function,dev,netns} and\n"
		"drop_bytes_total; txq_packets_total{dev,netns,queue}, txq_bytes_total and\n"
		"txq_queue_changes_total{dev,netns}; latency_seconds{from,to}, a histogram\n"
		"per pair of consecutive stages; otherhost_frames_total{dev,netns} and\n"
		"otherhost_dropped_total; with rxq, rxq_packets_total{dev,netns,queue,\n"
		"rps_cpu} (rps_cpu: the CPU that processed them, after RPS/RFS),\n"
		"rxq_bytes_total and rxq_steered_packets_total{dev,netns};\n"
		"losses_total{mode,counter}; the exporter's own scrape durations, series\n"
		"counts and BPF program run times.\n"
		"\n"
		"Cardinality is bounded: no per-flow series unless --flows N; a metric with\n"
		"--max-series label sets counts new ones in a series whose labels all say\n"
		"\"other\" (pktpath_export_folded_rows says how many rows went there).\n"
		"\n"
		"The listener is 127.0.0.1:9464 unless --listen says otherwise; another\n"
		"address exposes this host's packet metadata to the network. SIGHUP reads\n"
		"device and namespace names again; SIGINT and SIGTERM detach everything.\n"
		"A systemd unit comes with it: pktpath-export.service.",
	.examples = "  pktpath export\n"
		    "  pktpath export --modes drops,latency --netns web1\n"
		    "  pktpath export --modes drops,txq,latency,otherhost,rxq --dev eth0\n"
		    "  pktpath export --listen [::]:9464 --flows 20 'tcp port 443'\n",
	.common = PP_OPT_FILTER | PP_OPT_DEV | PP_OPT_NETNS | PP_OPT_READY_FILE | PP_OPT_DURATION,
	.options = export_options,
	.opts_size = sizeof(struct export_opts),
	.init = export_init,
	.parse = export_parse,
	.run = export_run,
};
