/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rate.bpf.h - the one rate limiter of the BPF side: at most N events per
 * window of time, over all CPUs, for what programs send to user space.
 *
 * Interface (a drop-in for any program that limits what it sends):
 *
 *   static struct pp_rate_window w;          the state; a static global,
 *                                            one per limit, zeroed at load
 *                                            (static: out of the skeleton)
 *   pp_rate_allow(&w, limit, window_ns, now) true: one more may go out in
 *                                            the window of `now`
 *
 * limit is per window and must be above 0; what "no limit" or "nothing"
 * means (a rate of 0) is the caller's to decide, as is counting what is
 * held back (PP_CNT_RATE_LIMITED). drops and otherhost allow --rate events
 * per second (window 1 s); trace allows --rate packets per second in 100 ms
 * windows of rate / 10, so a burst cannot take the whole second at once.
 *
 * Shared by all CPUs, so the limit is the total a storm can push at user
 * space. Two CPUs may both start a new window and let a few more through.
 * No atomic fetch (5.10's verifier refuses one): add, then read. CPUs that
 * add at the same moment all see the larger sum, so at the limit one may
 * hold back an event that would have fit; never more than the limit goes
 * out of one window that only one CPU started.
 */
#ifndef PP_RATE_BPF_H
#define PP_RATE_BPF_H

#define PP_NSEC_PER_SEC 1000000000ULL

struct pp_rate_window {
	__u64 window; /* now / window_ns of the window being counted */
	__u64 sent;   /* events let through (or tried) in it */
};

static __always_inline bool pp_rate_allow(struct pp_rate_window *w, __u64 limit,
					  __u64 window_ns, __u64 now)
{
	__u64 window = now / window_ns;

	if (w->window != window) {
		w->window = window;
		w->sent = 0;
	}
	__sync_fetch_and_add(&w->sent, 1);
	return *(volatile __u64 *)&w->sent <= limit;
}

#endif /* PP_RATE_BPF_H */
