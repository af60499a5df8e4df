package resolve

// components finds the strongly connected components of the graph given
// by deps (Tarjan's algorithm, iterative so that a long dependency chain
// cannot overflow the stack). comp maps each node to its component;
// members lists each component's nodes.
func components(deps [][]int32) (comp []int32, members [][]int32) {
	n := len(deps)
	comp = make([]int32, n)
	index := make([]int32, n) // discovery order + 1; 0 means unvisited
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ node, next int32 }
	var calls []frame
	counter := int32(0)
	for root := range int32(n) {
		if index[root] != 0 {
			continue
		}
		calls = append(calls, frame{root, 0})
		counter++
		index[root], low[root] = counter, counter
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.node
			if int(f.next) < len(deps[v]) {
				w := deps[v][f.next]
				f.next++
				switch {
				case index[w] == 0:
					counter++
					index[w], low[w] = counter, counter
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].node
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				c := int32(len(members))
				var ms []int32
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = c
					ms = append(ms, w)
					if w == v {
						break
					}
				}
				members = append(members, ms)
			}
		}
	}
	return comp, members
}
