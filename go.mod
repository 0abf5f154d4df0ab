module github.com/deepreview/deepreview

go 1.26.8
