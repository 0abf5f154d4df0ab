module github.com/deepreview/deepreview

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/google/go-cmp v0.7.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/yuin/goldmark v1.8.7
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
)

require (
	github.com/landlock-lsm/go-landlock v0.11.2 // indirect
	golang.org/x/text v0.14.0 // indirect
)
