/* SPDX-License-Identifier: GPL-2.0 */
/*
 * user.h - what `pktpath trace` (trace.c, print.c, summary.c)
 * and `pktpath latency` (latency.c, latency/report.c) share: one BPF object,
 * src/modes/trace/trace.bpf.c, set up by setup.c.
 */
#ifndef PP_CMD_TRACE_H
#define PP_CMD_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "pktpath.h"
#include "modes/trace/trace.h"
#include "lib/json.h"
#include "lib/mode.h"
#include "lib/names.h"
#include "lib/opts.h"

struct trace_bpf;
struct ksyms;
struct drop_reasons;

/* The options stored by code (trace_opts_parse), by id; the rest of both
 * commands' options are stored by their table entries. */
enum {
	TOPT_RING_SIZE = 1,
	TOPT_FROM,
	TOPT_TO,
	TOPT_STAGE,
	TOPT_STAGES,
	TOPT_PROBE_COST,
};

/* The --stage option, for both commands' tables. */
#define TOPT_STAGE_OPTION                                                                  \
	{ .id = TOPT_STAGE, "stage", 0, "FUNC",                                            \
	  "also a stage at kernel function FUNC (its skb argument from BTF; FUNC:N names " \
	  "it, FUNC%return adds the return, a glob selects up to 64; default: the "    \
	  "default set, none: no function); repeatable" }

/* --probe-cost and --no-probe-cost, for both commands' tables. */
#define TOPT_NO_PROBE_COST_OPTION                                                         \
	{ .id = TOPT_PROBE_COST, "probe-cost", 0, "METHOD",                                \
	  "how pktpath measures its own cost per stage: sampled (default: the programs "   \
	  "time 1 run in 64 themselves), stats (the kernel's BPF statistics, which time "   \
	  "every BPF program run of the machine, tens of ns each) or off" },               \
	{ 0, "no-probe-cost", 0, NULL, "do not measure pktpath's own cost (--probe-cost off)", \
	  PP_OPT_STORE_FLAG(struct trace_opts, no_probe_cost) }

/* --rxq, --max-packets and --linger (whose help is each command's), for
 * both tables. */
#define TOPT_FOLLOW_OPTIONS(linger_help)                                                   \
	{ 0, "rxq", 0, "Q", "only packets that came in on RX queue Q (as the driver recorded it)", \
	  PP_OPT_STORE_LONG(struct trace_opts, rxq, 0, 65534) },                           \
	{ 0, "max-packets", 0, "N",                                                        \
	  "packets followed at once (default 16384); a full table is counted and reported", \
	  PP_OPT_STORE_ULONG(struct trace_opts, max_packets, 64, 1 << 22) },               \
	{ 0, "linger", 0, "S", linger_help, PP_OPT_STORE_SECONDS(struct trace_opts, linger) }, \
	{ 0, "sample", 0, "N",                                                             \
	  "follow 1 packet in N of those the filters select (default 1: every one); "      \
	  "the rest cost each stage one table look-up and are counted",                    \
	  PP_OPT_STORE_ULONG(struct trace_opts, sample, 1, 1U << 30) }

struct trace_opts {
	long rxq;                  /* --rxq; -1 any */
	unsigned long max_packets; /* packets followed at once */
	double linger;             /* seconds without a stage before a record is closed */
	unsigned long rate;        /* trace: packets per second; 0 no limit */
	unsigned long sample;      /* follow 1 packet in this many */
	unsigned long ring_mib;    /* trace: ring buffer size */
	bool quiet;                /* trace: no packet lines, only summaries */
	unsigned int from, to;     /* latency: the span's stages; 0 none */
	const char *from_name, *to_name; /* ... when not a tracepoint's: a --stage's */
	const char *stages[PP_STAGE_FN_SLOTS]; /* --stage specs */
	unsigned int n_stages;
	bool no_probe_cost;        /* --no-probe-cost: no cost accounting at all */
	bool probe_cost_stats;     /* --probe-cost stats: BPF statistics */
	/* latency --stages: the tracepoint stages attached, a bit per enum
	 * pp_stage (--from, --to and --irq add theirs); 0: every one. */
	uint32_t stage_set;
};

_Static_assert(PP_STAGE_MAX <= 32, "stage_set has a bit per tracepoint stage");

/*
 * latency's default stages: where each path starts and ends, the
 * hand-offs between them and the socket; one program per stage a packet
 * meets, so that measuring costs little next to what it measures.
 */
#define TRACE_STAGE_BIT(st) (1U << (st))
#define LAT_DEFAULT_STAGES                                                                 	(TRACE_STAGE_BIT(PP_STAGE_DEV_QUEUE) | TRACE_STAGE_BIT(PP_STAGE_START_XMIT) |      	 TRACE_STAGE_BIT(PP_STAGE_GRO_RECEIVE) | TRACE_STAGE_BIT(PP_STAGE_GRO_FRAGS) |     	 TRACE_STAGE_BIT(PP_STAGE_RECEIVE_ENTRY) | TRACE_STAGE_BIT(PP_STAGE_RECEIVE_LIST) | 	 TRACE_STAGE_BIT(PP_STAGE_RX) | TRACE_STAGE_BIT(PP_STAGE_RECEIVE) |                	 TRACE_STAGE_BIT(PP_STAGE_TCP_PROBE) | TRACE_STAGE_BIT(PP_STAGE_COPY) |            	 TRACE_STAGE_BIT(PP_STAGE_CONSUME) | TRACE_STAGE_BIT(PP_STAGE_DROP))

/* What --help of both commands says about --stage. */
#define TRACE_STAGE_HELP                                                                  \
	"--stage FUNC adds a stage at a kernel function (vmlinux or a loaded module)\n"    \
	"whose BTF prototype has a struct sk_buff * argument: fentry where the kernel\n"   \
	"allows it, else a kprobe (at a compiler clone such as FUNC.isra.0 when only\n"    \
	"that exists); --attach fentry or kprobe forces one. The stage is named after\n"  \
	"the function and ordered in time among the others. FUNC:N says the skb is\n"    \
	"argument N (0-4); FUNC%return adds the return, with the value returned (an\n"   \
	"skb freed inside the call closes its record there: nf_hook_slow's verdict).\n"  \
	"A glob ('ip_rcv*') selects every function with an skb argument, 64 at most;\n"  \
	"`pktpath features --functions GLOB` lists them. Without --stage, where\n"     \
	"functions can be hooked, the default set fills the gaps between\n"             \
	"tracepoints: ip_rcv_core, ip_local_deliver, tcp_v4_rcv, udp_rcv, their\n"      \
	"IPv6 peers, and on transmit ip_finish_output2, ip6_finish_output2 and\n"       \
	"__dev_queue_xmit (--stage default adds it to others; --stage none:\n"          \
	"tracepoints only). On receive a function stage continues packets a\n"          \
	"tracepoint stage started to follow; transmit functions from\n"                 \
	"ip_finish_output on start a record as net_dev_queue does. Where functions\n"  \
	"cannot be hooked, --stage is an error (exit 3) that says why."

/* Parse an option of the shared set; -1 when not one of them. */
int trace_opts_parse(struct trace_opts *o, int id, const char *arg);
void trace_opts_init(struct trace_opts *o);

#include "lib/hooks.h"
#include "lib/prog_stats.h"
#include "fn_stages.h"

#define TRACE_HOOKS 23 /* the hooks setup.c knows */

/* The loaded programs. */
struct trace_setup {
	const struct pp_common_opts *co;
	struct trace_opts *opts;
	bool latency;
	uint32_t pcap_snaplen;        /* -w: packet bytes in each record; 0 none */
	struct trace_bpf *skel;
	struct pp_mode *mode;         /* the driver's: its filter and hooks */
	bool has_stage[PP_STAGE_IDS]; /* its hook is attached */
	bool has_irq;                 /* the IRQ and softirq hooks are attached */
	const char *mech;             /* the mechanism most hooks use */
	unsigned int n_hooks;
	unsigned int n_fn_hooks;      /* of them, function stages */
	bool fn_multi;                /* ... all by one kprobe.multi link (fn_multi.h), */
	bool fn_multi_on[PP_STAGE_FN_SLOTS]; /* ... those it attached to */
	char missing[512];            /* hooks this kernel lacks, for the header */
	struct hook_progs hp[TRACE_HOOKS + PP_STAGE_FN_SLOTS]; /* the hooks attached, ... */
	struct hook_choice choices[TRACE_HOOKS + PP_STAGE_FN_SLOTS]; /* ... and how */
	size_t n_hp;
	struct fn_stages fns;         /* --stage */
	unsigned int lat_stages;      /* stage ids the histograms cover */
	struct prog_costs cost;       /* what each attached program costs */
};

/*
 * The steps of trace and latency for the mode driver (lib/mode.h), each
 * returning 0 or an exit code (after one line). Check: the --stage
 * functions and --from/--to, before anything loads. Configure: rodata and
 * map sizes of the opened skeleton. Select: the hooks this kernel has, and
 * the options that need them. Attached: the IRQ owners.
 */
int trace_setup_check(struct trace_setup *t);
int trace_setup_configure(struct trace_setup *t, struct mode_run *r);
int trace_setup_select(struct trace_setup *t);
int trace_setup_attached(struct trace_setup *t);
/* " and 3 functions (fentry)" for the banners; "" without --stage. */
const char *trace_fn_banner(const struct trace_setup *t);
/* The stage a hook's entry (ret: its return) program serves; PP_STAGE_NONE
 * for the per-CPU context hooks and a hook that is not trace's. */
unsigned int trace_hook_stage(const struct trace_setup *t, const struct hook_point *h, bool ret);
/* cost.c: --probe-cost METHOD; turn the chosen accounting on (before the
 * programs load); map the attached programs to their stages in t->cost. */
int trace_cost_parse(struct trace_opts *o, const char *arg);
void trace_cost_start(struct trace_setup *t);
void trace_cost_collect(struct trace_setup *t);
/* ... the kprobe.multi programs: each serves every function stage. */
void trace_cost_multi(struct trace_setup *t);

/* ---- trace's state while running ---- */

struct trace_irq_name {
	int32_t irq;
	char name[32];
};

struct trace_state {
	struct trace_setup setup;
	struct pp_session *sess;      /* counts what --count limits */
	const struct pp_common_opts *co;
	struct trace_opts *opts;
	struct json_writer json;
	struct capture *cap;          /* -w; NULL without */
	int64_t wall_offset_ns;
	uint64_t start_ns;
	struct ksyms *ksyms;          /* drop locations; NULL when unreadable */
	struct drop_reasons *reasons; /* their names, from the kernel's BTF */
	struct dev_names devs;        /* of struct dev_name, from pp_devices */
	struct trace_irq_name *irqs;
	size_t n_irqs, cap_irqs;
	uint64_t last_sweep_ns;
	/* Counts for the summary. */
	uint64_t packets;             /* records received */
	uint64_t ends[PP_END_RUNNING + 1];
	uint64_t clones;
	uint64_t stages;              /* stages in them */
	uint64_t stages_lost;
	struct { uint32_t reason; uint64_t count; } drops[64];
	unsigned int n_drop_reasons;
};

/* print.c: one packet, as text lines or one JSON object, unless
 * --count has been reached. */
void trace_print_packet(struct trace_state *s, const struct trace_packet *p);
/* A drop reason's name from the kernel's BTF, without its SKB_DROP_REASON_
 * prefix ("NO_SOCKET"), as `pktpath drops` prints it. */
const char *trace_reason_name(struct trace_state *s, uint32_t reason, char *buf, size_t len);
const char *trace_dev_name(struct trace_state *s, uint32_t netns, uint32_t ifindex);
const char *trace_irq_name(struct trace_state *s, int32_t irq);
const char *trace_end_name(unsigned int end);
const char *trace_irq_source_name(unsigned int source);

/* summary.c: the records still in the kernel's table, and the summary. */
void trace_flush_table(struct trace_state *s, bool all);
int trace_summary(struct trace_state *s, bool final);

#endif
