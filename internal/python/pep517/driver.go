package pep517

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
)

// Driver is the Python script that runs one hook; its version is part of
// every built wheel's cache key (see DriverVersion).
//
//go:embed driver.py
var Driver []byte

// DriverVersion changes whenever the driver or the environment it is run
// in changes what a build produces.
const DriverVersion = "pyko-pep517-driver-1"

// Hooks the driver runs.
const (
	HookRequires = "get_requires_for_build_wheel"
	HookBuild    = "build_wheel"
)

// Env is what the driver reads of its environment for bs.
func (bs BuildSystem) Env() ([]string, error) {
	paths := bs.BackendPath
	if paths == nil {
		paths = []string{}
	}
	p, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	return []string{"PYKO_BUILD_BACKEND=" + bs.Backend, "PYKO_BACKEND_PATH=" + string(p)}, nil
}

// ReadRequires reads the result file of HookRequires.
func ReadRequires(file string) ([]string, error) {
	var out struct {
		Result []string `json:"result"`
	}
	if err := readResult(file, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// ReadWheelName reads the result file of HookBuild: the built wheel's
// file name, in the wheel directory.
func ReadWheelName(file string) (string, error) {
	var out struct {
		Result string `json:"result"`
	}
	if err := readResult(file, &out); err != nil {
		return "", err
	}
	return out.Result, nil
}

func readResult(file string, v any) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("the backend's hook wrote no result: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("the backend's hook result %q: %w", data, err)
	}
	return nil
}
